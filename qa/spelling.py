"""Chat spellings of a question written out as the news write them, before it is retrieved and read.

People type "wang yi telponan sama pm kazakhstan tileuberdi hari apa"; the reader was trained on questions in
standard spelling and the articles use it, so "pm" matches nothing of "Perdana Menteri Kazakhstan Mukhtar
Tileuberdi". Only lower-case words are rewritten (a capitalised "PM" is the news' own abbreviation), only
spellings that mean one word ("yg", "brp", "mentri"; not "dr", a doctor as often as "dari", nor colloquial verb
forms such as "nunda", whose rewriting changed answers both ways), and a word repeated with "2" ("gedung2") is
written out ("gedung-gedung"). Measured on the six question files of the README (session 18): of their 17
questions typed in chat spelling, one more is answered right ("Senin"), two declined before are answered from the
right article with another span, and no answer is lost.
"""

from __future__ import annotations

import re

STANDARD_SPELLINGS = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk", "ttg": "tentang", "pd": "pada",
    "kpd": "kepada", "krn": "karena", "tp": "tapi", "jg": "juga", "tsb": "tersebut", "aja": "saja",
    "tdk": "tidak", "gak": "tidak", "ga": "tidak", "nggak": "tidak", "ngga": "tidak", "enggak": "tidak",
    "sdh": "sudah", "udah": "sudah", "udh": "sudah", "blm": "belum", "kalo": "kalau", "klo": "kalau",
    "thn": "tahun", "org": "orang",
    "brp": "berapa", "brapa": "berapa", "kpn": "kapan", "dmn": "di mana", "gmn": "bagaimana",
    "gimana": "bagaimana", "knp": "kenapa", "sp": "siapa",
    "telpon": "telepon", "telfon": "telepon", "telponan": "bertelepon", "teleponan": "bertelepon",
    "mentri": "menteri", "negri": "negeri", "pengen": "ingin", "pingin": "ingin", "pm": "perdana menteri",
}
"""Chat spellings (lower case) and the standard words they stand for."""
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
_REPEATED = re.compile(r"(?<![\w-])([a-z]{3,})2(?![\w-])")


def in_standard_spelling(question: str) -> str:
    """``question`` with its chat spellings (:data:`STANDARD_SPELLINGS`) and "word2" repetitions written out."""
    question = _REPEATED.sub(r"\1-\1", question)
    return _LOWER_WORD.sub(lambda word: STANDARD_SPELLINGS.get(word.group(), word.group()), question)
