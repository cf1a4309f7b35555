"""Which articles the Artikel tab lists: a filter by words, publisher and dates, and one page of the result.

The index may hold thousands of articles (the news archive); the tab shows :data:`PAGE_SIZE` at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from corpus import Document
from qa.dates import parse_date
from ui.render import ArticleRow
from ui.sources import display_title

PAGE_SIZE = 20


@dataclass(frozen=True)
class ArticleFilter:
    """Articles holding every one of ``words`` (title, text, publisher or id; case ignored), from
    ``publisher`` (None: any), dated between ``start`` and ``end`` inclusive (None: open)."""

    words: str = ""
    publisher: str | None = None
    start: date | None = None
    end: date | None = None

    def admits(self, document: Document, title: str) -> bool:
        """Whether ``document`` (shown as ``title``) passes the filter; an undated one fails any date bound."""
        if self.publisher and document.publisher != self.publisher:
            return False
        if self.start or self.end:
            day = parse_date(document.date or "")
            if day is None or (self.start and day < self.start) or (self.end and day > self.end):
                return False
        terms = self.words.casefold().split()
        if not terms:
            return True
        haystack = " ".join((title, document.publisher or "", document.id, document.text)).casefold()
        return all(term in haystack for term in terms)


@dataclass(frozen=True)
class ArticlePage:
    """One page of the filtered articles: its rows, how many matched, how many are indexed, the page
    number (from 1, within ``1..pages``) and the number of pages (at least 1)."""

    rows: list[ArticleRow]
    matched: int
    total: int
    page: int
    pages: int
    first: int
    """The position of the page's first row among the matches (from 1; 0 when nothing matched)."""


def article_page(documents: Sequence[Document], passages: Mapping[str, int], query: ArticleFilter, page: int,
                 size: int = PAGE_SIZE) -> ArticlePage:
    """Page ``page`` (clamped to the pages there are) of the ``documents`` that ``query`` admits, by id.

    ``passages`` counts the indexed passages of each document id.
    """
    if size < 1:
        raise ValueError(f"page size must be at least 1, got {size}")
    titled = ((d, display_title(d)) for d in sorted(documents, key=lambda d: d.id))
    matches = [(d, title) for d, title in titled if query.admits(d, title)]
    pages = max(1, -(-len(matches) // size))
    page = min(max(page, 1), pages)
    shown = matches[(page - 1) * size: page * size]
    rows = [ArticleRow(d.id, title, d.publisher, d.date, passages.get(d.id, 0)) for d, title in shown]
    return ArticlePage(rows, len(matches), len(documents), page, pages, (page - 1) * size + 1 if shown else 0)


def parse_day(text: str | None) -> date | None:
    """A date typed in the filter ("2016-08-19", "19/8/2016", "19 Agustus 2016"); None when empty.

    Raises ``ValueError`` with an Indonesian message when the text is not empty and shows no date.
    """
    if not text or not text.strip():
        return None
    day = parse_date(text)
    if day is None:
        raise ValueError(f"Tanggal «{text.strip()}» tidak dikenali; tulis misalnya 2016-08-19 atau 19/8/2016.")
    return day


def publishers(documents: Sequence[Document]) -> list[str]:
    """The publishers of the articles, sorted, each once."""
    return sorted({d.publisher for d in documents if d.publisher}, key=str.casefold)
