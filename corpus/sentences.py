"""Rule-based sentence splitting for Indonesian news text.

A sentence ends at "." / "!" / "?" / "…" (plus any closing quotes or brackets) when whitespace and
a capital letter, digit or opening quote follow, and always at a paragraph break (a blank line).
A single "." does not end a sentence after a title or abbreviation that precedes a name or
number ("Dr.", "Prof.", "No.", "a.n.", "S.H."), after a single capital initial ("J. Biden") or
after a dotted abbreviation ("U.S."). List-closing "dll." / "dsb." end a sentence only when a
capitalised word follows. Acronyms written without dots ("AS", "PBB", "Menlu") and numbers
("7.939", "(10/1)") never look like sentence ends, so they need no special case.
"""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_CANDIDATE_END = re.compile(r"(?P<terminator>[.!?…]+)[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]*(?P<next>\w))")
_DOTTED_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]{1,3}")
_SINGLE_INITIAL = re.compile(r"[A-Z]")

_OPENERS = "\"'“‘«(["
_LOOKBEHIND_CHARS = 32  # longer than any abbreviation

# Titles, ranks and labels that precede a name, place or number (matched case-sensitively).
_NON_FINAL_ABBREVIATIONS = frozenset(
    {
        "Bpk", "Brigjen", "Dr", "Dra", "Drs", "Hj", "Ir", "Jend", "Jl", "Jln", "KH", "Kab",
        "Kec", "Kel", "Kol", "Letjen", "Mayjen", "Mr", "Mrs", "Ms", "No", "Ny", "Ph.D", "Pol", "Prof",
        "Prov", "Rp", "Sdr", "Sdri", "St", "Tn", "Vol", "Yth", "dr", "drg", "hlm", "vs",
    }
)  # fmt: skip


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` character spans of the sentences in ``text``, in order.

    Spans exclude surrounding whitespace, so ``text[start:end]`` is the sentence itself.
    """
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraph_spans(text):
        start = para_start
        for match in _CANDIDATE_END.finditer(text, para_start, para_end):
            if _is_sentence_end(text, match):
                spans.append(_trimmed(text, start, match.end()))
                start = match.end()
        spans.append(_trimmed(text, start, para_end))
    return [(start, end) for start, end in spans if start < end]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line-separated paragraphs of ``text``."""
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _is_sentence_end(text: str, match: re.Match[str]) -> bool:
    """Decide whether a candidate terminator really ends a sentence."""
    if match.group("terminator") == "." and _is_abbreviation(text, match.start()):
        return False
    following = match.group("next")
    return following.isupper() or following.isdigit()


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the word before the "." at ``dot`` is an abbreviation that cannot end a sentence."""
    before = text[max(0, dot - _LOOKBEHIND_CHARS) : dot]
    words = before.split()
    if not words or before[-1].isspace():
        return False
    token = words[-1].lstrip(_OPENERS)
    return (
        token in _NON_FINAL_ABBREVIATIONS
        or bool(_SINGLE_INITIAL.fullmatch(token))
        or bool(_DOTTED_ABBREVIATION.fullmatch(token))
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
