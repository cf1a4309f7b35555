"""Chat messages and status notes as HTML. Every piece of article or user text is escaped here.

Each fragment is a single line starting with a block tag, so the chat shows it as HTML as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from qa import Answer, Evidence

CONFIDENCE_LEVELS = ((0.6, "tinggi"), (0.3, "sedang"), (0.0, "rendah"))
"""Bands of the reader's calibrated confidence (about the chance that the answer is exactly right)."""
EVIDENCE_SHOWN = 3
EVIDENCE_CHARS = 320
ABSTENTION = "Maaf, jawabannya tidak ditemukan di artikel."


def text(value: str) -> str:
    """``value`` escaped, its line breaks as ``<br>`` (so the fragment stays on one line)."""
    return escape(value).replace("\r", "").replace("\n", "<br>")


def confidence_label(score: float) -> str:
    """"tinggi", "sedang" or "rendah" for a confidence in [0, 1]."""
    return next(label for floor, label in CONFIDENCE_LEVELS if score >= floor)


def highlighted(passage: str, start: int, end: int, answer_start: int, answer_end: int) -> str:
    """``passage[start:end]``, escaped, with ``passage[answer_start:answer_end]`` wrapped in ``<mark>``."""
    return (f"{text(passage[start:answer_start])}<mark>{text(passage[answer_start:answer_end])}</mark>"
            f"{text(passage[answer_end:end])}")


def highlighted_sentence(answer: Answer) -> str:
    """The supporting sentence, escaped, with the answer wrapped in ``<mark>``."""
    return highlighted(answer.passage, answer.sentence_start, answer.sentence_end, answer.start, answer.end)


def source_line(title: str | None, publisher: str | None, date: str | None, document_id: str | None) -> str:
    """"Judul · Penerbit · Tanggal · id", escaped, leaving out what is unknown."""
    parts = [f"<em>{text(title)}</em>" if title else "", text(publisher or ""), text(date or ""),
             f"<code>{text(document_id)}</code>" if document_id else ""]
    return " · ".join(p for p in parts if p)


def question_bubble(question: str) -> str:
    """The visitor's question as shown in the chat."""
    return f'<div class="tb-question">{text(question)}</div>'


def answer_card(answer: Answer) -> str:
    """The chat reply for ``answer``: the answer and where it comes from, or a plain abstention."""
    if not answer.found:
        return (f'<div class="tb-card tb-abstain"><p class="tb-answer"><b>{ABSTENTION}</b></p>'
                "<p>Tidak ada bagian artikel yang cukup meyakinkan untuk menjawab pertanyaan ini.</p>"
                f"{_evidence(answer.evidence)}</div>")
    source = source_line(answer.title, answer.publisher, answer.date, answer.document_id)
    return (
        '<div class="tb-card tb-found">'
        f'<p class="tb-answer"><b>{text(answer.text)}</b></p>'
        f'<blockquote class="tb-sentence">{highlighted_sentence(answer)}</blockquote>'
        f'<p class="tb-source">Sumber: {source}</p>'
        f"{_confidence(answer.score)}"
        f'<details class="tb-passage"><summary>Kutipan lengkap dari artikel</summary><p>'
        f"{highlighted(answer.passage, 0, len(answer.passage), answer.start, answer.end)}</p></details>"
        f"{_alternatives(answer.alternatives)}</div>"
    )


def notice(message: str) -> str:
    """A short note in the chat (an error or a warning)."""
    return f'<div class="tb-card tb-notice">{text(message)}</div>'


def status(lines: Sequence[str]) -> str:
    """A status note of the article panel, one paragraph per line."""
    return '<div class="tb-status">' + "".join(f"<p>{text(line)}</p>" for line in lines) + "</div>"


def _confidence(score: float) -> str:
    percent = round(100 * score)
    level = confidence_label(score)
    return (f'<div class="tb-confidence tb-{level}" title="Perkiraan peluang bahwa jawaban ini tepat">'
            f'<span class="tb-bar"><span style="width:{percent}%"></span></span>'
            f"Keyakinan {level}: {percent}%</div>")


def _alternatives(alternatives: Sequence[Answer]) -> str:
    if not alternatives:
        return ""
    items = "".join(
        f"<li><b>{text(alt.text)}</b> ({round(100 * alt.score)}%) — "
        f"{source_line(alt.title, alt.publisher, alt.date, alt.document_id)}</li>"
        for alt in alternatives
    )
    return (f'<details class="tb-alternatives"><summary>Jawaban lain ({len(alternatives)})</summary>'
            f"<ul>{items}</ul></details>")


def _evidence(evidence: Sequence[Evidence]) -> str:
    if not evidence:
        return "<p>Tidak ada bagian artikel yang mirip.</p>"
    items = "".join(
        f"<li><blockquote>{text(_shortened(e.passage))}</blockquote>"
        f'<p class="tb-source">{source_line(e.title, e.publisher, e.date, e.document_id)}</p></li>'
        for e in evidence[:EVIDENCE_SHOWN]
    )
    return f'<p class="tb-evidence-title">Bagian artikel yang paling mendekati:</p><ol class="tb-evidence">{items}</ol>'


def _shortened(passage: str) -> str:
    return passage if len(passage) <= EVIDENCE_CHARS else passage[:EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"

