"""Undo the traces that word tokenisation leaves in text joined back from tokens (e.g. IndoSum).

Such text spaces out hyphens and slashes ("ke - 26", "e - KTP", "(18/8 / 2016)"), detaches
"-nya" ("DNA -nya") and glues a closing quote to the next word (``target, "kata Henry.``).
These repairs are only right for text known to be tokenised: in ordinary text "A - B" may be a
real dash, so ``clean_article`` applies them only when asked to.

A spaced hyphen is closed up only where the two words form a compound: a reduplication
("baru - baru", "berbondong - bondong"), a prefix ("ke - 26", "se - Kota", "e - KTP",
"anti - pesawat"), two capitalised names ("Soekarno - Hatta"), letters and a number ("F - 16")
or two numbers ("2 - 0", "2015 - 2017"). Other dashes stay ("18 Agustus - 2 September",
"kata dia - yang ...").
"""

from __future__ import annotations

import re

_SPACED_HYPHEN = re.compile(r"(?P<left>\w+(?:[.,]\w+)*) - (?P<right>\w+(?:[.,]\w+)*)")
_SPACED_SLASH = re.compile(r"(?<=\S) / (?=\S)")
_DETACHED_NYA = re.compile(r"(?<=[\w\"')\]]) -nya\b")
_PREFIXES = frozenset({"e", "ke", "se", "non", "anti", "pra", "pasca", "eks", "ex", "multi", "semi", "sub", "al",
                       "el", "pro", "co", "re", "bi", "tri", "mini", "ultra", "neo", "pan", "inter", "trans", "super"})
_MONTHS = frozenset({"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
                     "oktober", "november", "desember"})
_SPEECH_VERBS = (r"(?:kata|ujar|ucap|tutur|jelas|imbuh|ungkap|tambah|terang|sebut|tegas|papar|lanjut|pungkas|"
                 r"tutup|kilah|aku|seru|tulis|jawab|sambung|cetus|tukas)(?:nya)?\b")
_QUOTE_BEFORE_VERB = re.compile(rf'(?<=[,.!?…]) "(?={_SPEECH_VERBS})')
_QUOTE = '"'
_TIME_ZONES = frozenset({"WIB", "WITA", "WIT"})
_COMPOUND_KINDS = frozenset({
    ("num", "num"),  # "2 - 0", "2015 - 2017", "1,5 - 2"
    ("low", "low"),  # "full - back", "berlalu - lalang"
    ("UP", "UP"),  # "GO - JEK", "USB - C"
    ("num", "low"),  # "1960 - an", "4 - core"
    ("UP", "low"),  # "KTP - e", "JAK - mikro"
    ("low", "UP"),  # "full - HD", "dual - SIM"
    ("Cap", "UP"),  # "Cortex - A53"
    ("UP", "num"),  # "F - 16", "MS17 - 010"
    ("Cap", "Cap"),  # "Soekarno - Hatta", "Coca - Cola"
})
_SHORT_LEFT = {("UP", "Cap"): 3, ("Cap", "num"): 4, ("low", "num"): 1}
"""Kinds that form a compound only after a short word, or one with a digit: "K - Pop", "Su - 35", "u - 19",
"x7 - 8700"; not a dateline "PRIANGAN - Menteri", a lineup "Gabi - 8" or a range "km - 40"."""
_SHORT_SYLLABLE = 4


def detokenize(paragraph: str) -> str:
    """Repair one paragraph of tokenised text (see the module docstring)."""
    paragraph = _DETACHED_NYA.sub("-nya", paragraph)
    paragraph = _SPACED_SLASH.sub("/", paragraph)
    paragraph = _SPACED_HYPHEN.sub(_join_compound, paragraph)
    paragraph = _SPACED_HYPHEN.sub(_join_compound, paragraph)  # chains: "ke - 2 - 3" overlap once
    return _reattach_closing_quotes(paragraph)


def _join_compound(match: re.Match[str]) -> str:
    left, right = match["left"], match["right"]
    return f"{left}-{right}" if _is_compound(left, right) else match[0]


def _is_compound(left: str, right: str) -> bool:
    """Whether "left - right" was one hyphenated word before tokenisation."""
    low_left, low_right = left.lower(), right.lower()
    if low_left in _PREFIXES or low_right.startswith(low_left) or low_left.endswith(low_right.removesuffix("nya")):
        return True  # "ke - 26", "e - KTP"; reduplication: "baru - baru", "berbondong - bondong"
    if low_left in _MONTHS or left in _TIME_ZONES:
        return False  # ranges: "18 Agustus - 2 September", "07.00 WIB - 10.00 WIB"
    kinds = (_kind(left), _kind(right))
    if kinds in _SHORT_LEFT:
        return len(left) <= _SHORT_LEFT[kinds] or any(c.isdigit() for c in left)
    if kinds == ("Cap", "low"):
        return len(right) <= _SHORT_SYLLABLE  # "Kim Jong - un", "Runner - up"; not "Bremen - kedua tim"
    return kinds in _COMPOUND_KINDS


def _kind(word: str) -> str:
    """"num" ("2", "1,5", "10.00"), "UP" ("KTP", "MS17"), "Cap" ("Hatta"), "low" ("baru", "i7") or "mix"."""
    if word.replace(".", "").replace(",", "").isdigit():
        return "num"
    if word.isupper():
        return "UP"
    if word[0].isupper():
        return "Cap"
    return "low" if word[0].islower() else "mix"


def _reattach_closing_quotes(paragraph: str) -> str:
    """``target, "kata Henry.`` -> ``target," kata Henry.``; a closing ``. "`` at the end -> ``."``.

    With an even number of straight quotes every second one closes a quotation; with an odd
    number (a quotation running over paragraphs) only a quote before a speech verb is moved.
    """
    if paragraph.count(_QUOTE) % 2:
        return _QUOTE_BEFORE_VERB.sub('" ', paragraph)
    pieces = paragraph.split(_QUOTE)
    out = [pieces[0]]
    for k, piece in enumerate(pieces[1:], start=1):
        closing = k % 2 == 0
        if closing and out[-1].endswith(" ") and out[-1].rstrip()[-1:] in tuple(",.!?…"):
            out[-1] = out[-1].rstrip()
            piece = f" {piece}" if piece[:1].isalnum() else piece
        out.append(piece)
    return _QUOTE.join(out)
