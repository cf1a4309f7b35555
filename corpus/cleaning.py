"""Turn a scraped news article into its body text plus the metadata printed around it.

Every non-blank input line is treated as a paragraph. Decisions:

* Title: the first line is the headline only when ``metadata.parse_headline`` says so (a short
  line without final punctuation followed by a blank/date line, a Markdown heading, or the known
  title). It is removed from the body. Articles that open with a lead sentence get ``title=None``
  and keep that sentence in the body.
* Image captions, recognised as a line printed twice in a row where the second copy appends
  photo credits ("... Moskow.*" / "... Moskow.* /Sputnik /Evgeny Odinokov"), are dropped
  from the body: they describe the photo, not the story. The first person they credit is the
  ``photographer`` ("Evgeny Odinokov"; agencies such as "Sputnik" or "TASS" are not), and that caption
  (else the first) is kept as printed, ``photo_caption``: questions about the photo are read in it.
* Date: only a line that is nothing but a date ("- 12 Januari 2022, 18:09 WIB") is the article's
  date; weekday references inside sentences ("Senin (10/1)") stay body.
* Dropped as noise: "Baca juga" links (their headlines kept as ``related_headlines``), navigation words,
  bylines (``Sumber`` is kept as ``source``; "Editor:"/"Penyunting:"/"Redaktur:", "Penerjemah:",
  "Penulis:"/"Pewarta:"/"Reporter:" and "Foto:"/"Fotografer:" as ``editor``, ``translator``, ``writer`` and
  ``photographer``),
  copyright lines (their holder is the publisher of last resort), "***" markers.
* Publisher datelines ("ZONA PRIANGAN - ", "Beijing (ANTARA) - ") and a closing agency tag
  ("[Xinhua]") are cut off and recorded as the publisher; place datelines ("BEIJING, ") stay.
* A paragraph repeated verbatim is kept once (first occurrence), which also collapses articles
  scraped twice. Paragraphs that differ in wording (a lead restated later) are all kept.
* Also dropped: "Simak juga" links, the headlines listed under a bare "Baca juga:" line (kept as linked
  headlines too), a site's self-description footer ("DailySocial.id adalah portal ..."), editors' codes closing
  the article ("(asa)", "(rsa / rsa)", "[feb]", "(end)") and "mdk - split" layout markers.
* With ``tokenized=True`` (text joined back from word tokens, such as the IndoSum archive) the
  tokenisation traces are repaired as well (:func:`corpus.tokenization.detokenize`); never for
  ordinary text, where "A - B" can be a real dash.
* Whitespace inside a paragraph is collapsed to single spaces; paragraphs are joined by "\\n\\n".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus import metadata
from corpus.metadata import ArticleMetadata
from corpus.tokenization import detokenize

PARAGRAPH_SEPARATOR = "\n\n"

# Publisher datelines open the article, but may follow a pull-quote lead line (see 002).
_DATELINE_SEARCH_PARAGRAPHS = 3

# What a caption's second printing appends: " /Sputnik /Evgeny Odinokov", " /", " | Foto: ...".
_CREDIT_SUFFIX = re.compile(r"^\s*(?:/|\||\(?Foto\b)")

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@dataclass(frozen=True)
class CleanedArticle:
    """An article body ("\\n\\n"-separated paragraphs) and the metadata found around it."""

    text: str
    metadata: ArticleMetadata


def normalize_whitespace(line: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space and trim."""
    return " ".join(line.translate(_INVISIBLE).split())


def clean_article(raw_text: str, known_title: str | None = None, tokenized: bool = False) -> CleanedArticle:
    """Clean a raw article; ``known_title`` (e.g. from HTML metadata) helps spot the headline line,
    ``tokenized`` says the text was joined back from word tokens (see the module docstring)."""
    lines = [normalize_whitespace(line) for line in raw_text.splitlines()]
    title, lines = _take_headline(lines, known_title)
    lines, captions = _split_captions(lines)

    date: str | None = None
    source: str | None = None
    credited = [(name, caption) for caption in captions if (name := metadata.photographer_in_caption(caption))]
    photographer, caption = credited[0] if credited else (None, captions[0] if captions else None)
    credits = {"photographer": photographer, "photo_caption": caption}
    copyright_holder: str | None = None
    paragraphs: list[str] = []
    related: list[str] = []
    in_related_links = False
    for line in lines:
        if not line:
            continue
        in_related_links = in_related_links and metadata.is_related_link(line)
        if in_related_links or metadata.is_navigation(line) or metadata.is_site_footer(line):
            headline = line if in_related_links else metadata.linked_headline(line)
            if headline:
                related.append(headline)
            in_related_links = in_related_links or metadata.opens_related_links(line)
            continue
        if (line_date := metadata.parse_date_line(line)) is not None:
            date = date or line_date
        elif (byline := metadata.parse_byline(line)) is not None:
            label, value = byline
            if label == "sumber":
                source = source or value
            elif credit := metadata.parse_credit(label, value):
                role, name = credit
                credits[role] = credits.get(role) or name
        elif (holder := metadata.parse_copyright(line)) is not None:
            copyright_holder = copyright_holder or holder or None
        elif paragraph := metadata.strip_trailing_stars(line):
            paragraphs.append(paragraph)

    paragraphs = _dedupe(paragraphs)
    dateline_publisher = _cut_publisher_dateline(paragraphs)
    agency = _cut_trailing_agency(paragraphs)
    paragraphs = _cut_editor_codes([p for p in paragraphs if p])
    if tokenized:
        paragraphs = [detokenize(p) for p in paragraphs]
    return CleanedArticle(
        text=PARAGRAPH_SEPARATOR.join(paragraphs),
        metadata=ArticleMetadata(
            title=title,
            publisher=dateline_publisher or agency or copyright_holder,
            source=source,
            date=date,
            related_headlines="\n".join(dict.fromkeys(related)) or None,
            **credits,
        ),
    )


def _take_headline(lines: list[str], known_title: str | None) -> tuple[str | None, list[str]]:
    """Split the headline (if the first non-blank line is one) off the lines."""
    content = [i for i, line in enumerate(lines) if line]
    if len(content) < 2:  # a lone line is the article, not its headline
        return None, lines
    first = content[0]
    following = lines[first + 1] if first + 1 < len(lines) else None
    title = metadata.parse_headline(lines[first], following, known_title)
    return (title, lines[first + 1 :]) if title else (None, lines)


def _split_captions(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines without the image captions printed twice in a row (the second time with credits appended),
    and those captions (their credited printing)."""
    kept: list[str] = []
    captions: list[str] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and _is_credited_repeat(lines[i], lines[i + 1]):
            captions.append(lines[i + 1])
            i += 2
        else:
            kept.append(lines[i])
            i += 1
    return kept, captions


def _is_credited_repeat(line: str, following: str) -> bool:
    """True when ``following`` is ``line`` plus a photo-credit suffix such as " /Sputnik" or " /"."""
    return bool(line) and following.startswith(line) and bool(_CREDIT_SUFFIX.match(following[len(line) :]))


def _dedupe(paragraphs: list[str]) -> list[str]:
    """Keep the first occurrence of every paragraph."""
    return list(dict.fromkeys(paragraphs))


def _cut_publisher_dateline(paragraphs: list[str]) -> str | None:
    """Remove the first publisher dateline in the opening paragraphs (in place); return the publisher."""
    for i, paragraph in enumerate(paragraphs[:_DATELINE_SEARCH_PARAGRAPHS]):
        publisher, rest = metadata.split_publisher_dateline(paragraph)
        if publisher:
            paragraphs[i] = rest
            return publisher
    return None


def _cut_trailing_agency(paragraphs: list[str]) -> str | None:
    """Remove a closing "[Agency]" tag from the last paragraph (in place); return the agency."""
    if not paragraphs:
        return None
    agency, paragraphs[-1] = metadata.split_trailing_agency(paragraphs[-1])
    return agency


def _cut_editor_codes(paragraphs: list[str]) -> list[str]:
    """Remove the editors' codes closing the article, and the paragraphs that held nothing else."""
    while paragraphs and (last := metadata.strip_editor_codes(paragraphs[-1])) != paragraphs[-1]:
        paragraphs = [*paragraphs[:-1], last] if last else paragraphs[:-1]
    return paragraphs
