"""Recognisers for the metadata lines and markers that Indonesian news pages print around the body.

Each function looks at one (whitespace-normalised) line or paragraph and says whether it is a
metadata/noise line, returning the value it carries. ``cleaning`` decides what to do with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
_WEEKDAYS = "Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu"

# A line that is only a publication date, e.g. "- 12 Januari 2022, 18:09 WIB" or
# "Rabu, 12 Januari 2022 18.09 WIB". Dates inside sentences ("Senin (10/1)") are body, not metadata.
_DATE_LINE = re.compile(
    rf"""^[-–—|•]?\s*
    (?P<date>(?:(?:{_WEEKDAYS}),?\s+)?\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}
        (?:,?\s+(?:pukul\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s+(?:WIB|WITA|WIT))?)?)
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)

_BYLINE = re.compile(
    r"^(?P<label>Editor|Penyunting|Penerjemah|Pewarta|Reporter|Penulis|Redaktur|Sumber|Foto|Fotografer)"
    r"\s*:\s*(?P<value>.{1,80})$",
    re.IGNORECASE,
)

_COPYRIGHT = re.compile(
    r"^(?:copyright\b\s*(?:©|\(c\))?|©)\s*(?P<holder>.*?)\s*(?:\b(?:19|20)\d{2}\b.*)?$",
    re.IGNORECASE,
)
_MAX_COPYRIGHT_CHARS = 120

_READ_ALSO = re.compile(r"^(?:baca|simak)\s+juga\b", re.IGNORECASE)
_BARE_READ_ALSO = re.compile(r"^baca\s+juga\s*:?$", re.IGNORECASE)
_LINKED_HEADLINE = re.compile(r"^baca\s+juga\s*:\s*(?P<headline>\S.*)$", re.IGNORECASE)
_MAX_RELATED_WORDS = 15

# A site's self-description closing every article: "DailySocial.id adalah portal berita startup ...".
_SITE_FOOTER = re.compile(r"^[\w-]+\.(?:id|com|net|co\.id) adalah (?:portal|situs|media)\b", re.IGNORECASE)

# Editors' initials closing an article: "(asa)", "(rsa / rsa)", "[feb]", "(end)"; lower case only, so a
# closing "(Dailymail)" (a source) stays. Merdeka's "mdk - split" layout markers are dropped anywhere.
_EDITOR_CODE = re.compile(r"\s*[(\[]\s*[a-z]{2,8}(?:\s*/\s*[a-z]{2,8})*\s*[)\]]\s*$")
_LAYOUT_MARKER = re.compile(r"\s*\bmdk\s*-\s*split(?:\s+end\b)?")

_NAVIGATION_WORDS = frozenset(
    {
        "artikel pilihan",
        "berita terkait",
        "kabar daerah",
        "tag",
        "tags",
        "terkait",
        "terkini",
        "terpopuler",
        "x",
    }
)

# "ZONA PRIANGAN - ", "GALAMEDIANEWS - " (masthead), "Beijing (ANTARA) - " (place + agency), a site's
# name ("Suara.com - ", "JAKARTA, JUARA.net - ", "JUARA.NET, TOKYO - "), "Jakarta, CNN Indonesia -- " (place,
# publisher, double dash) or one capitalised word before an en or em dash ("Rimanews – ").
_PUBLISHER_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'/, -]{0,60}?\s*\((?P<agency>[A-Z][\w.& ]{1,40})\)"
    r"|(?:[A-Z][\w' ]{0,30},\s*)?(?P<site>[A-Za-z][\w-]*\.(?i:com|net|id|co\.id))(?:,\s*[A-Z][A-Z .']{1,30})?"
    r"|[A-Z][\w' ]{0,30},\s*(?P<named>[A-Z][\w ]{1,30}?)(?=\s+--)"
    r"|(?P<masthead>[A-Z][A-Z0-9.& ]{2,40}?)"
    r"|(?P<word>[A-Z][a-z]\w{2,30})(?=\s+[–—]))"
    r"\s+(?:--|[-–—])\s+(?=\S)"
)

# An agency tag closing the article: "... imbuh menlu China tersebut. [Xinhua]".
_TRAILING_AGENCY = re.compile(r"\s*\[(?P<agency>[A-Z][\w.& ]{1,40})\]\s*$")

# Publisher markers closing a paragraph: "asing.***" -> "asing.", "Moskow.*" -> "Moskow.".
_TRAILING_STARS = re.compile(r"\s*\*+$")

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*$")
_MAX_HEADLINE_WORDS = 25
_SENTENCE_FINAL = tuple(".!?…:;,\"'”’")


CREDIT_ROLES = ("editor", "translator", "writer", "photographer")
"""The people an article credits, as :class:`corpus.Document` fields."""
CREDIT_FIELDS = (*CREDIT_ROLES, "photo_caption")
"""The :class:`corpus.Document` fields of its credits: the people, and its photo's caption."""
PRINTED_FIELDS = (*CREDIT_FIELDS, "related_headlines")
"""The :class:`corpus.Document` fields of what an article prints around its text: its credits, and the headlines
of the articles it links to."""
_ROLE_OF_LABEL = {"editor": "editor", "penyunting": "editor", "redaktur": "editor", "penerjemah": "translator",
                  "pewarta": "writer", "reporter": "writer", "penulis": "writer", "foto": "photographer",
                  "fotografer": "photographer"}
_CREDIT_PARTS = re.compile(r"\s*(?:/|\||\(?\bFoto\s*:)\s*")
_PERSON_NAME = re.compile(r"(?:[A-Z][a-z\u00C0-\u024F'’.-]+\s){1,3}[A-Z][a-z\u00C0-\u024F'’-]+")
"""Two to four capitalised words with lower-case letters ("Evgeny Odinokov"), not an agency ("TASS", "Sputnik")."""


@dataclass(frozen=True)
class ArticleMetadata:
    """Metadata read from an article's text; ``None`` where the text does not show it. ``editor``,
    ``translator``, ``writer`` and ``photographer`` are the names its bylines and photo credits print,
    ``photo_caption`` the caption that credits the photographer (else the first caption), as printed,
    ``related_headlines`` the headlines of the articles it links to ("Baca juga: …"), one per line."""

    title: str | None = None
    publisher: str | None = None
    source: str | None = None
    date: str | None = None
    editor: str | None = None
    translator: str | None = None
    writer: str | None = None
    photographer: str | None = None
    photo_caption: str | None = None
    related_headlines: str | None = None


def parse_date_line(line: str) -> str | None:
    """Return the date printed on a date-only line (without the leading dash), else ``None``."""
    match = _DATE_LINE.match(line)
    return match.group("date") if match else None


def parse_byline(line: str) -> tuple[str, str] | None:
    """Return ``(label, value)`` for bylines such as "Editor: X" or "Sumber: RT.com", else ``None``.

    The label is lower-cased ("editor", "sumber", ...).
    """
    match = _BYLINE.match(line)
    return (match.group("label").lower(), match.group("value").strip()) if match else None


def parse_credit(label: str, value: str) -> tuple[str, str] | None:
    """``(role, name)`` for a byline crediting a person: the :data:`CREDIT_ROLES` role its lower-cased label
    names ("penerjemah" → "translator"); None for other labels ("sumber") and for a photo credited to a
    company ("Foto: Shutterstock")."""
    role = _ROLE_OF_LABEL.get(label)
    if role is None or (role == "photographer" and not _PERSON_NAME.fullmatch(value)):
        return None
    return role, value


def photographer_in_caption(caption: str) -> str | None:
    """The photographer a printed caption credits after its text: "… Moskow.* /Sputnik /Evgeny Odinokov" →
    "Evgeny Odinokov", "… seperti batu/Alexander Shcherbak/TASS /IMAGO/DW /" → "Alexander Shcherbak"; None when
    only agencies are credited."""
    _, *credits = _CREDIT_PARTS.split(caption)
    return next((part.strip() for part in credits if _PERSON_NAME.fullmatch(part.strip())), None)


def parse_copyright(line: str) -> str | None:
    """Return the holder of a copyright line ("Copyright © ANTARA 2022" -> "ANTARA").

    Returns ``None`` when the line is not a copyright line, and ``""`` for a copyright line
    that names no holder.
    """
    if len(line) > _MAX_COPYRIGHT_CHARS:
        return None
    match = _COPYRIGHT.match(line)
    return match.group("holder").strip(" .,-") if match else None


def is_navigation(line: str) -> bool:
    """True for "Baca Juga: ..." links and page-navigation words ("Terkini", a lone "x", ...)."""
    return bool(_READ_ALSO.match(line)) or line.casefold() in _NAVIGATION_WORDS


def linked_headline(line: str) -> str | None:
    """The headline a "Baca juga: …" link prints ("Baca juga: Kazakhstan menahan 7.939 orang …"), else None."""
    match = _LINKED_HEADLINE.match(line)
    return match.group("headline") if match else None


def is_site_footer(line: str) -> bool:
    """True for a site's self-description closing its articles ("DailySocial.id adalah portal berita ...")."""
    return bool(_SITE_FOOTER.match(line))


def opens_related_links(line: str) -> bool:
    """True for a bare "Baca juga:" line, whose following lines are the linked headlines."""
    return bool(_BARE_READ_ALSO.match(line))


def is_related_link(line: str) -> bool:
    """True for a line that can be a linked headline under "Baca juga:" (short, no final punctuation)."""
    return len(line.split()) <= _MAX_RELATED_WORDS and not line.endswith(_SENTENCE_FINAL)


def strip_editor_codes(paragraph: str) -> str:
    """Remove "mdk - split" markers and the editors' codes closing a paragraph ("... Pidana. (asa)")."""
    paragraph = _LAYOUT_MARKER.sub("", paragraph)
    while (stripped := _EDITOR_CODE.sub("", paragraph)) != paragraph:
        paragraph = stripped
    return paragraph


def split_publisher_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading publisher dateline off a paragraph.

    "Beijing (ANTARA) - Menteri ..." -> ("ANTARA", "Menteri ..."). Place-only datelines such as
    "BEIJING, Anggota ..." are body text and are left alone.
    """
    match = _PUBLISHER_DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    publisher = next(value for value in match.group("agency", "site", "named", "masthead", "word") if value).strip()
    return publisher, paragraph[match.end() :]


def split_trailing_agency(paragraph: str) -> tuple[str | None, str]:
    """Split a closing agency tag off a paragraph: "... tersebut. [Xinhua]" -> ("Xinhua", "... tersebut.")."""
    match = _TRAILING_AGENCY.search(paragraph)
    if not match:
        return None, paragraph
    return match.group("agency").strip(), paragraph[: match.start()]


def strip_trailing_stars(paragraph: str) -> str:
    """Remove the "***" / "*" end-of-article markers from the end of a paragraph."""
    return _TRAILING_STARS.sub("", paragraph)


def parse_headline(first_line: str, next_line: str | None, known_title: str | None = None) -> str | None:
    """Return the headline if ``first_line`` is one, else ``None``.

    A first line is a headline when it is a Markdown heading, when it equals ``known_title``
    (e.g. the title from HTML metadata), or when it is short (at most 25 words), has no
    sentence-final punctuation and is followed by a blank line, a date line or nothing. Lead
    sentences (ending in a full stop) and pull-quotes running straight into the body are not.
    """
    heading = _MARKDOWN_HEADING.match(first_line)
    if heading:
        return heading.group("title")
    if known_title is not None and first_line.casefold() == " ".join(known_title.split()).casefold():
        return first_line
    looks_like_headline = len(first_line.split()) <= _MAX_HEADLINE_WORDS and not first_line.endswith(
        _SENTENCE_FINAL
    )
    followed_by_break = not next_line or parse_date_line(next_line) is not None
    return first_line if looks_like_headline and followed_by_break else None
