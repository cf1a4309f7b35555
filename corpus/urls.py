"""What a news article's URL tells when its page gave no headline or date: a title and a date.

"https://example.id/news/2016/08/19/123/belum-sebulan-penjualan-toyota-calya-sudah-lampaui-target"
gives the title "Belum Sebulan Penjualan Toyota Calya Sudah Lampaui Target" and the date "2016-08-19".
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

_SLUG_WORDS = re.compile(r"[A-Za-z0-9]+")
_MIN_SLUG_WORDS = 3
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?)$", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\d+-")
# "/2016/08/19/", "/20160901101746-12-155304/" (CNN Indonesia), "/read/20161003/" (Rimanews).
_DATE_IN_PATH = re.compile(r"/(?P<year>20\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/"
                           r"|/(?P<compact>20\d{6})(?:\d{6})?(?:[-/]|$)")


def title_from_url(url: str, text: str = "") -> str | None:
    """A title made of the URL's slug ("kpk-telusuri-aliran-dana" -> "KPK Telusuri Aliran Dana").

    The slug is the last path segment of at least three words, so a closing number, hash or
    "laporan" is passed over; None when there is none. Every word is capitalised, except that a
    word the article ``text`` writes with capitals inside ("KPK", "iPhone") keeps that spelling.
    """
    segments = [s for s in urlsplit(url).path.split("/") if s]
    slugs = (_SLUG_WORDS.findall(_LEADING_NUMBER.sub("", _PAGE_SUFFIX.sub("", s))) for s in reversed(segments))
    words = next((words for words in slugs if len(words) >= _MIN_SLUG_WORDS), None)
    if words is None:
        return None
    spellings = _capitalised_spellings(text)
    return " ".join(spellings.get(w.lower(), w[:1].upper() + w[1:].lower()) for w in words)


def date_from_url(url: str) -> str | None:
    """The date in the URL's path as "YYYY-MM-DD" ("/2016/08/19/", "/20160901101746-12-155304/"), else None."""
    match = _DATE_IN_PATH.search(urlsplit(url).path)
    if not match:
        return None
    compact = match["compact"]
    parts = (compact[:4], compact[4:6], compact[6:8]) if compact else (match["year"], match["month"], match["day"])
    try:
        return date(*map(int, parts)).isoformat()
    except ValueError:
        return None


def _capitalised_spellings(text: str) -> dict[str, str]:
    """Words the text writes with a capital after the first letter ("KPK", "iPhone"), by their lower case."""
    return {word.lower(): word for word in _SLUG_WORDS.findall(text) if any(c.isupper() for c in word[1:])}
