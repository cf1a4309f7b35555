"""Main-text and metadata extraction from HTML pages (via trafilatura)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True)
class ExtractedPage:
    """The main text of a web page (one paragraph per line) and its metadata, where present."""

    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def extract_html(html: str) -> ExtractedPage | None:
    """Extract the article from an HTML page; ``None`` when no main text is found."""
    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if result is None or not (result.text or "").strip():
        return None
    return ExtractedPage(
        text=result.text,
        title=result.title or None,
        date=result.date or None,
        sitename=result.sitename or None,
        url=result.url or None,
    )
