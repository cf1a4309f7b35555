"""Chat messages and status notes as HTML. Every piece of article or user text is escaped here.

Each fragment is a single line starting with a block tag, so the chat shows it as HTML as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit
from typing import Literal

from qa import Alternative, Answer, ArticleRef, Evidence, Report
from qa.dates import DateMeaning, indonesian_date

CONFIDENCE_LEVELS = ((0.6, "tinggi"), (0.3, "sedang"), (0.0, "rendah"))
"""Bands of the reader's calibrated confidence (about the chance that the answer is exactly right)."""
EVIDENCE_SHOWN = 3
EVIDENCE_CHARS = 320
ABSTENTION = "Maaf, jawabannya tidak ditemukan di artikel."
PENDING = "Mencari jawaban…"


@dataclass(frozen=True)
class ArticleRow:
    """One indexed article as the Artikel tab lists it."""

    document_id: str
    title: str
    publisher: str | None
    date: str | None
    passages: int


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


def source_line(article: ArticleRef | None) -> str:
    """"Judul · Penerbit · Senin, 10 Januari 2022" for ``article``, escaped, leaving out what is unknown
    (everything when there is no article); the article's id is only in the title's tooltip (shown in its
    place when there is no title). An http(s) url makes the title a link to the original article (opened
    in a new tab)."""
    if article is None:
        return ""
    title = f'<em{_id_tooltip(article.document_id)}>{text(article.title or article.document_id)}</em>'
    shown_date = indonesian_date(article.date)
    parts = [_linked(title, article.url), text(article.publisher or ""),
             f'<span class="tb-date">{text(shown_date)}</span>' if shown_date else ""]
    return " · ".join(p for p in parts if p)


def question_bubble(question: str) -> str:
    """The visitor's question as shown in the chat."""
    return f'<div class="tb-question">{text(question)}</div>'


def answer_card(answer: Answer) -> str:
    """The chat reply for ``answer``: the answer and where it comes from, or a plain abstention."""
    if not answer.found:
        return (f'<div class="tb-card tb-abstain">{_understood(answer.understood_as)}'
                f'<p class="tb-answer"><b>{ABSTENTION}</b></p>'
                "<p>Tidak ada bagian artikel yang cukup meyakinkan untuk menjawab pertanyaan ini.</p>"
                f"{_evidence(answer.evidence)}</div>")
    return (
        f'<div class="tb-card tb-found">{_understood(answer.understood_as)}'
        f'<p class="tb-answer"><b>{text(answer.text)}</b></p>{_date_meaning(answer.date_meaning)}'
        f'<blockquote class="tb-sentence">{highlighted_sentence(answer)}</blockquote>'
        f'<p class="tb-source">Sumber: {source_line(answer.article)}</p>'
        f"{_confidence(answer.score)}"
        f'<details class="tb-passage"><summary>Kutipan lengkap dari artikel</summary><p>'
        f"{highlighted(answer.passage, 0, len(answer.passage), answer.start, answer.end)}</p></details>"
        f"{_corroborations(answer.corroborated_by)}{_disputes(answer.disputed_by)}"
        f"{_alternatives(answer.alternatives)}</div>"
    )


def pending_card() -> str:
    """The reply shown while an answer is being looked for."""
    return f'<div class="tb-pending" role="status"><span class="tb-spinner"></span>{PENDING}</div>'


def notice(message: str) -> str:
    """A short note in the chat (an error or a warning)."""
    return f'<div class="tb-card tb-notice">{text(message)}</div>'


STATUS_ICONS = {"ok": "✓", "refused": "✕", "warn": "!"}


def status(lines: Sequence[str], kind: Literal["ok", "refused", "warn"] = "ok") -> str:
    """A status note of the article panel, one paragraph per line: a success, a refusal or a question."""
    if not lines:
        return ""
    icon = STATUS_ICONS[kind]
    return (f'<div class="tb-status tb-{kind}" role="status">'
            + "".join(f'<p><span class="tb-icon">{icon}</span> {text(line)}</p>' for line in lines) + "</div>")


def article_table(rows: Sequence[ArticleRow]) -> str:
    """The indexed articles as a table; on a phone each article becomes a block (see ui.style)."""
    if not rows:
        return '<p class="tb-empty">Belum ada artikel di indeks.</p>'
    head = "".join(f"<th>{name}</th>" for name in ("Judul", "Penerbit", "Tanggal", "Bagian"))
    body = "".join(
        f'<tr><td data-label="Judul"{_id_tooltip(row.document_id)}>{text(row.title)}</td>'
        f"{_cell('Penerbit', row.publisher)}{_cell('Tanggal', indonesian_date(row.date))}"
        f'<td data-label="Bagian" class="tb-number">{row.passages}</td></tr>'
        for row in rows
    )
    return f'<table class="tb-articles"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _is_web_address(url: str | None) -> bool:
    """Only http(s) addresses become links (never "javascript:" and the like)."""
    try:
        return bool(url) and urlsplit(url).scheme.lower() in ("http", "https")
    except ValueError:  # e.g. a broken "[...]" host
        return False


def article_count(first: int, shown: int, matched: int, total: int, page: int = 1, pages: int = 1) -> str:
    """"Artikel 1–20 dari 512 yang cocok (3.463 di indeks) · halaman 1 dari 26" above the table."""
    if not matched:
        found = f"Tidak ada artikel yang cocok ({_number(total)} di indeks)"
    elif matched == total:
        found = f"Artikel {_number(first)}–{_number(first + shown - 1)} dari {_number(total)}"
    else:
        found = (f"Artikel {_number(first)}–{_number(first + shown - 1)} dari {_number(matched)} yang cocok "
                 f"({_number(total)} di indeks)")
    position = f" · halaman {_number(page)} dari {_number(pages)}" if pages > 1 else ""
    return f'<p class="tb-count" role="status">{found}{position}</p>'


def _number(value: int) -> str:
    """An Indonesian number: "3.463"."""
    return f"{value:,}".replace(",", ".")


def _cell(label: str, value: str | None) -> str:
    if not value:
        return f'<td data-label="{label}" class="tb-unknown">—</td>'
    return f'<td data-label="{label}">{text(value)}</td>'


def _id_tooltip(document_id: str | None) -> str:
    return f' title="ID artikel: {escape(document_id, quote=True)}"' if document_id else ""


def _understood(question: str | None) -> str:
    """The question as understood from the conversation (a follow-up), above the answer."""
    return f'<p class="tb-understood">Dipahami sebagai: {text(question)}</p>' if question else ""


def _date_meaning(meaning: DateMeaning | None) -> str:
    """The date a relative date of the answer means: "(10/1) → Senin, 10 Januari 2022"."""
    if meaning is None:
        return ""
    return f'<p class="tb-date-meaning">{text(meaning.phrase)} → {text(meaning.shown)}</p>'


def _confidence(score: float) -> str:
    percent = round(100 * score)
    level = confidence_label(score)
    return (f'<div class="tb-confidence tb-{level}" title="Perkiraan peluang bahwa jawaban ini tepat">'
            f'<span class="tb-bar"><span style="width:{percent}%"></span></span>'
            f"Keyakinan {level}: {percent}%</div>")


def _corroborations(reports: Sequence[Report]) -> str:
    if not reports:
        return ""
    names = ", ".join(_report_name(r) for r in reports)
    return f'<p class="tb-corroborated">✓ Juga diberitakan oleh {names}</p>'


def _disputes(reports: Sequence[Report]) -> str:
    if not reports:
        return ""
    items = "".join(
        f"<li><b>{text(r.text)}</b> menurut {_report_name(r)}: <q>{text(r.sentence)}</q></li>" for r in reports
    )
    return f'<div class="tb-disputed"><p>Artikel lain menyebut angka atau tanggal berbeda:</p><ul>{items}</ul></div>'


def _report_name(report: Report) -> str:
    """"Publisher (date)", linked to the article when its address is a web address."""
    article = report.article
    name = text(article.publisher or article.title or article.document_id)
    shown_date = indonesian_date(article.date)
    if shown_date:
        name += f' <span class="tb-date">({text(shown_date)})</span>'
    return _linked(name, article.url)


def _linked(html: str, url: str | None) -> str:
    """``html`` as a link to ``url`` opened in a new tab, when ``url`` is a web address; else as it is."""
    if not _is_web_address(url):
        return html
    return f'<a href="{escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{html}</a>'


def _alternatives(alternatives: Sequence[Alternative]) -> str:
    if not alternatives:
        return ""
    items = "".join(
        f"<li><b>{text(alt.text)}</b> ({round(100 * alt.score)}%) — "
        f"{source_line(alt.article)}</li>"
        for alt in alternatives
    )
    return (f'<details class="tb-alternatives"><summary>Jawaban lain ({len(alternatives)})</summary>'
            f"<ul>{items}</ul></details>")


def _evidence(evidence: Sequence[Evidence]) -> str:
    if not evidence:
        return "<p>Tidak ada bagian artikel yang mirip.</p>"
    items = "".join(
        f"<li><blockquote>{text(_shortened(e.passage))}</blockquote>"
        f'<p class="tb-source">{source_line(e.article)}</p></li>'
        for e in evidence[:EVIDENCE_SHOWN]
    )
    return f'<p class="tb-evidence-title">Bagian artikel yang paling mendekati:</p><ol class="tb-evidence">{items}</ol>'


def _shortened(passage: str) -> str:
    return passage if len(passage) <= EVIDENCE_CHARS else passage[:EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"

