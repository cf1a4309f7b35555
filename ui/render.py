"""Answers as HTML cards for the chat. Every piece of article or user text is escaped here."""

from __future__ import annotations

from html import escape

from qa import Answer, Evidence

CONFIDENCE_LEVELS = ((0.75, "tinggi"), (0.5, "sedang"), (0.0, "rendah"))
EVIDENCE_SHOWN = 3
EVIDENCE_CHARS = 320


def confidence_label(score: float) -> str:
    """"tinggi", "sedang" or "rendah" for a confidence in [0, 1]."""
    return next(label for floor, label in CONFIDENCE_LEVELS if score >= floor)


def highlighted_sentence(answer: Answer) -> str:
    """The supporting sentence, escaped, with the answer wrapped in ``<mark>``."""
    sentence = answer.passage[answer.sentence_start:answer.sentence_end]
    start = answer.start - answer.sentence_start
    end = answer.end - answer.sentence_start
    return f"{escape(sentence[:start])}<mark>{escape(sentence[start:end])}</mark>{escape(sentence[end:])}"


def source_line(title: str | None, publisher: str | None, date: str | None, document_id: str) -> str:
    """"Judul · Penerbit · Tanggal · [id]", escaped, leaving out what is unknown."""
    parts = [f"<em>{escape(title)}</em>" if title else None, escape(publisher or ""), escape(date or "")]
    known = [p for p in parts if p]
    return " · ".join(known + [f"<code>{escape(document_id)}</code>"])


def _confidence(score: float) -> str:
    percent = round(100 * score)
    level = confidence_label(score)
    return (
        f'<div class="tb-confidence tb-{level}" title="Keyakinan pembaca jawaban">'
        f'<span class="tb-bar"><span style="width:{percent}%"></span></span>'
        f"Keyakinan {level}: {percent}%</div>"
    )


def _alternatives(answer: Answer) -> str:
    if not answer.alternatives:
        return ""
    items = "".join(
        f"<li><b>{escape(alt.text)}</b> ({round(100 * alt.score)}%) — "
        f"{source_line(alt.title, alt.publisher, alt.date, alt.document_id or '')}</li>"
        for alt in answer.alternatives
    )
    return f'<details class="tb-alternatives"><summary>Jawaban lain ({len(answer.alternatives)})</summary><ul>{items}</ul></details>'


def _evidence(evidence: tuple[Evidence, ...]) -> str:
    if not evidence:
        return "<p>Tidak ada passage yang mirip di artikel.</p>"
    items = "".join(
        f"<li><blockquote>{escape(_shortened(e.passage))}</blockquote>"
        f"{source_line(e.title, e.publisher, e.date, e.document_id)}</li>"
        for e in evidence[:EVIDENCE_SHOWN]
    )
    return f'<details class="tb-evidence" open><summary>Passage terdekat yang ditemukan</summary><ol>{items}</ol></details>'


def _shortened(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"


def answer_card(answer: Answer) -> str:
    """The chat reply for ``answer``: the answer and its source, or a plain abstention."""
    if not answer.found:
        return (
            '<div class="tb-card tb-abstain">'
            "<p><b>Maaf, jawabannya tidak ditemukan di artikel.</b> "
            "Tidak ada bagian artikel yang cukup yakin menjawab pertanyaan ini.</p>"
            f"{_evidence(answer.evidence)}</div>"
        )
    return (
        '<div class="tb-card">'
        f'<p class="tb-answer"><b>{escape(answer.text)}</b></p>'
        f'<p class="tb-sentence">“{highlighted_sentence(answer)}”</p>'
        f'<p class="tb-source">Sumber: {source_line(answer.title, answer.publisher, answer.date, answer.document_id or "")}</p>'
        f"{_confidence(answer.score)}{_alternatives(answer)}</div>"
    )


def notice(text: str) -> str:
    """A short escaped note shown in the chat (errors, warnings)."""
    return f'<div class="tb-card tb-notice">{escape(text)}</div>'


CSS = """
.tb-card { line-height: 1.5; }
.tb-answer { font-size: 1.15em; margin: 0 0 .4em 0; }
.tb-sentence { margin: .2em 0; color: var(--body-text-color); }
.tb-sentence mark { background: #fde68a; color: #111; padding: 0 .15em; border-radius: 3px; }
.tb-source { font-size: .9em; opacity: .85; margin: .3em 0; }
.tb-confidence { font-size: .85em; display: flex; align-items: center; gap: .5em; margin: .3em 0; }
.tb-bar { display: inline-block; width: 90px; height: 8px; background: #e5e7eb; border-radius: 4px; overflow: hidden; }
.tb-bar > span { display: block; height: 100%; }
.tb-tinggi .tb-bar > span { background: #16a34a; }
.tb-sedang .tb-bar > span { background: #d97706; }
.tb-rendah .tb-bar > span { background: #dc2626; }
.tb-abstain blockquote { margin: .3em 0; padding-left: .6em; border-left: 3px solid #d1d5db; }
.tb-notice { color: #b45309; }
"""
