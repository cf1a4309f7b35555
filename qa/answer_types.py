"""What kind of answer a question asks for, and whether a candidate answer is of that kind.

"siapa" asks for a person or an organisation, "kapan" (or "tanggal/tahun/pukul berapa") for a time, "berapa lama"
for a duration, "berapa" for a quantity, "di mana"/"ke mana"/"dari mana" for a place, "… mana" ("Klub mana …?")
for a named one; other questions ("apa", "mengapa", "bagaimana", "apa kata …") set no kind. The tests are
deliberately coarse, on the surface of the copied span: how much they help is measured, not assumed (see
``qa/data/answer_check.json``). Of the gold answers of the training sets (TyDi QA, FacQA, IDK-MRC, translated
SQuAD) they accept 94.5 % for a person, 88.5 % for a place, 98 % for a time (99 % with a time told by another
event, "setelah …"), 96 % for a quantity and 89 % for a duration. A "… mana" question asks for a named one, that
is a name the question does not give ("Klub mana …?", "Produsen panel OLED mana …?": not "panel" or "OLED"): 260
of the 262 gold answers of the sets written in Indonesian fit, 191 of the 274 of translated SQuAD ("Gas mana …?":
"oksigen diatomik"). A person or a place must be named within the answer's first :data:`NAME_WITHIN` words: "kedua
menteri luar negeri itu “sepakat” dalam penilaian mereka tentang peristiwa di Kazakhstan" names a country, not the
minister asked for (any capitalised word anywhere accepted 95.9 % and 89.7 %; the answer check refitted with the
rule scores 64.59 against 64.54 on the pool, and the development questions get the same answers but that one).

A quantity question may also name what it measures ("berapa harga/berat/panjang/luas/persen …"); an answer
that carries a unit of another measure or counts things ("puluhan ribu unit" for a price), or that is a time
("dua tahun sampai 2020" for a salary), does not fit it. Of the 1,074 such gold answers of those sets, 1,069
fit (four "dua kali luas pulau Jawa" and the like; one "minggu terakhir Februari 1974" for a percentage).
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from pathlib import Path

from embeddings.lexical import INDONESIAN_STOPWORDS, content_terms

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
QUESTION_WORDS = (
    "apa apakah siapa siapakah kapan kapankah mengapa kenapa bagaimana bagaimanakah berapa berapakah mana "
    "manakah dimana dimanakah kemana darimana sp brp kpn dmn knp gmn"
)

MONTHS = frozenset(
    "januari februari maret april mei juni juli agustus september oktober november desember "
    "jan feb mar apr jun jul agu agt ags sep sept okt nov des".split()
)
WEEKDAYS = frozenset("senin selasa rabu kamis jumat jum'at sabtu minggu ahad".split())
TIME_WORDS = frozenset(
    "tahun abad dekade bulan pekan minggu hari tanggal pukul jam malam pagi siang sore subuh dini "
    "kemarin lusa besok sekarang kini lalu silam mendatang depan awal akhir pertengahan era masa zaman "
    "wib wita wit periode musim".split()
)
RELATIVE_TIME_WORDS = frozenset("setelah sesudah sebelum saat ketika selama sejak usai seusai menjelang".split())
"""A time told by another event ("setelah Rusia menyatakan gencatan senjata", "di saat Ukraina …"): of the 2,216
gold answers of time questions in the training sets, 57 fit no other time test and 19 of them hold one of these
among their first five words."""
NUMBER_WORDS = frozenset(
    "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas seratus seribu sejuta "
    "puluh puluhan belas ratus ratusan ribu ribuan juta jutaan miliar triliun setengah separuh "
    "sepertiga seperempat belasan".split()
)
"""Numbers, not "beberapa" (some): "beberapa kota" does not say in how many cities. Of the 1,778 gold answers of
quantity questions in the training sets that fit, 2 (of translated SQuAD: "beberapa tetes") rely on it alone; of
the 98 durations, 1 ("beberapa tahun")."""
_DIGIT = re.compile(r"\d")
_CODE = re.compile(r"^(?!ke-|h[-+])[^\W\d_]+-?\d", re.IGNORECASE)
"""A word led by letters with a digit after them ("Il-76", "G20", "Covid-19") names a thing, never a time: none of
the 2,216 gold answers of time questions in the training sets relies on one for its time (their mixed words are
"1990-an", "866M", "ke-8"); "H-1" (the day before) stays a time."""
NAME_WITHIN = 5
"""How many words into an answer the name of a person or a place must start ("dr Ilham Patu SpBS",
"mendiang Pemimpin Palestina Yasser Arafat", "di tengah Lapangan Medan Merdeka" all do)."""


NUMBER_WITHIN = 5
"""How many words into an answer to a time or quantity question its number or time word must stand: of the gold
answers of the training sets that fit, 99.75 % of times and 99.8 % of quantities have it within the first five
words; "Bisa jadi ada kekurangan spesifikasi … menjadi salah satu penyebab" is no count of injured students."""


class AnswerKind(str, Enum):
    """The kind of answer a question asks for."""

    PERSON = "person"
    TIME = "time"
    QUANTITY = "quantity"
    DURATION = "duration"
    PLACE = "place"
    NAMED = "named"
    """A named one of its kind: "Klub mana …?", "Negara mana …?", "Kazakhstan terletak di kawasan mana?"."""


_TIME_QUESTION = re.compile(
    r"\b(kapan(kah)?|bila(mana)?|sejak kapan|(tanggal|tahun|bulan|pukul|jam) berapa(kah)?|hari apa|"
    r"bulan apa|tahun (apa|mana(kah)?)|abad ke ?berapa(kah)?|kpn)\b"
)
_DAY_MONTH_TEXT = r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?"
_DATE_OR_AGE = re.compile(rf"\(?{_DAY_MONTH_TEXT}\)?|\(\d{{1,3}}\)")
"""A day/month date "(10/1)" or a bracketed age "(40)": never a quantity asked for (0 of 2,700 gold answers)."""
_DAY_MONTH = re.compile(rf"\({_DAY_MONTH_TEXT}\)")
DATED_WEEKDAYS = WEEKDAYS - {"minggu"}
"""Weekdays that are never a count: "minggu" is also a week ("4 minggu"). Of 2,607 gold answers of quantity
questions in the training sets, none holds one of these or a bracketed day/month "(11/10)"."""
_DURATION_QUESTION = re.compile(r"\b(berapa lama(kah)?|brp lama|sudah berapa (tahun|bulan|hari|jam))\b")
DURATION_UNITS = frozenset("detik menit jam hari malam pekan minggu bulan tahun abad dekade windu semester".split())
_RANGE = re.compile(r"\d.*?(?:[-–—]|\bhingga\b|\bsampai\b|\bdan\b|\bs\.?d\.?).*?\d")
_QUANTITY_QUESTION = re.compile(r"\b(berapa(kah)?|brp|seberapa)\b")
_PLACE_QUESTION = re.compile(r"\b(di ?mana(kah)?|ke ?mana(kah)?|dari ?mana(kah)?|dmn|di kota apa|di negara apa)\b")
_PERSON_QUESTION = re.compile(r"\b(siapa(kah)?|sp)\b")
_WHICH_QUESTION = re.compile(r"(?<!\byang )\bmana(kah)?\b")
_SAYING_QUESTION = re.compile(r"\b(apa (yang )?(di)?katakan|apa kata|apa (yang )?(di)?sampaikan|apa (yang )?(di)?ungkapkan)\b")


_SAID_ABOUT = re.compile(r"\b(?:tentang|soal|mengenai|terkait)\s+(?P<topic>.+)$")


def said_about(question: str) -> set[str]:
    """The stemmed content words of what a "what did X say" question asks about: the words after its "tentang",
    "soal", "mengenai" or "terkait" ("penanganan pandemi Covid-19" in "Apa kata Wang Yi tentang penanganan
    pandemi Covid-19?"); none for any other question, or one naming no topic ("Apa kata Wang Yi?")."""
    text = question.lower()
    if not _SAYING_QUESTION.search(text):
        return set()
    topic = _SAID_ABOUT.search(text)
    return content_terms(topic.group("topic")) if topic else set()


def answer_kind(question: str) -> AnswerKind | None:
    """The kind of answer ``question`` asks for, or None ("apa", "mengapa", "bagaimana" …)."""
    text = question.lower()
    if _SAYING_QUESTION.search(text):
        return None
    if _TIME_QUESTION.search(text):
        return AnswerKind.TIME
    if _DURATION_QUESTION.search(text):
        return AnswerKind.DURATION
    if _QUANTITY_QUESTION.search(text):
        return AnswerKind.QUANTITY
    if _PLACE_QUESTION.search(text):
        return AnswerKind.PLACE
    if _PERSON_QUESTION.search(text):
        return AnswerKind.PERSON
    if _WHICH_QUESTION.search(text):
        return AnswerKind.NAMED
    return None


def fits(kind: AnswerKind, answer: str) -> bool:
    """True when ``answer`` looks like an answer of ``kind``: a name (a capitalised word among its first
    :data:`NAME_WITHIN` words) for a person, a place or a named one, a digit or a date or time word (or "setelah",
    "saat" …) for a time and a digit or number word for a quantity (among its first :data:`NUMBER_WITHIN` words;
    for a quantity no day/month date "(10/1)", dated weekday "Rabu (11/10)" or bracketed age "(40)" as news write
    them after a name), and with a unit of time (or a range "1945–1967") for a duration."""
    words = _WORD.findall(answer)
    lowered = {w.lower() for w in words}
    first = words[:NUMBER_WITHIN]
    leading = {w.lower() for w in first}
    if kind is AnswerKind.TIME:
        return bool(any(_DIGIT.search(w) and not _CODE.match(w) for w in first)
                    or leading & (MONTHS | WEEKDAYS | TIME_WORDS | RELATIVE_TIME_WORDS))
    if kind is AnswerKind.QUANTITY:
        return (bool(any(_DIGIT.search(w) for w in first) or leading & NUMBER_WORDS)
                and not (_DATE_OR_AGE.fullmatch(answer.strip()) or _DAY_MONTH.search(answer)
                         or lowered & DATED_WEEKDAYS))
    if kind is AnswerKind.DURATION:
        counted = bool(_DIGIT.search(answer) or lowered & NUMBER_WORDS)
        return bool(_RANGE.search(answer)) or (counted and bool(lowered & DURATION_UNITS))
    return any(w[:1].isupper() for w in words[:NAME_WITHIN])


def kind_part(kind: AnswerKind | None, answer: str) -> str:
    """The part of ``answer`` that answers a question of ``kind``: a time without the clause a comma adds to it
    ("Pekan lalu, Organisasi Perjanjian Keamanan Kolektif" is "Pekan lalu"; "Senin, 10 Januari 2022" stays, both
    halves being times); any other answer whole. Of the 2,216 gold answers of time questions in the training sets,
    2 are a time with such a clause."""
    if kind is AnswerKind.TIME and ", " in answer:
        head, rest = answer.split(", ", 1)
        if fits(kind, head) and not fits(kind, rest):
            return head
    return answer


_CLOSING_BRACKET = re.compile(r"\(([^()]*)\)\W*$")
_OPENING_BRACKET = re.compile(r"^\s*\(([^()]*)\)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,9}")


def spells_out_asked_acronym(answer: str, following: str, question: str) -> bool:
    """True when ``answer`` is the spelled-out name of an acronym ``question`` gives: the acronym stands in the
    brackets that close the answer or open the text ``following`` it ("Organisasi Perjanjian Keamanan Kolektif"
    before "(CSTO)" does not answer "CSTO membantu Kazakhstan memerangi siapa?"). Of the 3,659 person, place and
    named gold answers in the training sets, one is so followed ("Bandung" before "(YPBB)", a place)."""
    asked = {w.lower() for w in _WORD.findall(question)}
    brackets = [m.group(1) for m in (_CLOSING_BRACKET.search(answer), _OPENING_BRACKET.match(following)) if m]
    return any(a.lower() in asked for text in brackets for a in _ACRONYM.findall(text))


def names_someone_new(answer: str, question: str) -> bool:
    """True when a capitalised word among the first :data:`NAME_WITHIN` words of ``answer`` is not a word of
    ``question``: a person asked for is not one the question names ("Valentino Rossi" for "siapa bos dorna yg
    minta valentino rossi nunda pensiun"). Of the 2,668 gold answers to "siapa" questions in the training sets
    that fit a person, 36 name only the question's own ("Aang" for "Siapa tokoh utama Avatar: The Legend of
    Aang?")."""
    asked = content_terms(question)
    named = [w for w in _WORD.findall(answer)[:NAME_WITHIN] if w[:1].isupper()]
    return any(not content_terms(w) <= asked for w in named)


COMMON_WORDS_FILE = Path(__file__).parent / "data" / "common_words.txt"
"""Words the archive writes in lower case inside sentences (``tanya common-words`` lists them)."""


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The shipped list of :data:`COMMON_WORDS_FILE`."""
    return frozenset(COMMON_WORDS_FILE.read_text(encoding="utf-8").split())


def as_inside_a_sentence(answer: str) -> str:
    """``answer``, a span that starts its sentence, with its first word in lower case when the news write that
    word so ("Polisi menduga" is no name; "Jokowi" stays): the capital of a sentence's first word names no one.
    Of the 4,234 gold answers that fit a "siapa" or "di mana" question in the training sets, 31 name no one
    else ("Paus", "Pemilik", "Tumbuhan")."""
    first = _WORD.search(answer)
    if not first or first.group().lower() not in common_words():
        return answer
    return answer[:first.start()] + first.group().lower() + answer[first.end():]


class Measure(str, Enum):
    """What a quantity question measures ("berapa harga …": money), when it names it."""

    MONEY = "money"
    WEIGHT = "weight"
    LENGTH = "length"
    AREA = "area"
    SHARE = "share"


_MEASURE_NOUNS = {
    Measure.MONEY: "harga biaya tarif nilai anggaran dana gaji ongkos upah modal kerugian denda uang investasi "
                   "omzet pendapatan keuntungan laba utang pinjaman hadiah",
    Measure.WEIGHT: "berat bobot",
    Measure.LENGTH: "panjang tinggi jarak lebar kedalaman ketinggian",
    Measure.AREA: "luas",
    Measure.SHARE: "persen persentase",
}
_MEASURE_QUESTION = re.compile(
    r"\b(?:berapa(?:kah)?|brp|seberapa)\s+(?:besar\s+)?(" + "|".join(" ".join(_MEASURE_NOUNS.values()).split()) + r")\b"
)
_UNITS = {
    Measure.MONEY: "rp rupiah dolar dollar usd us$ $ euro eur yen yuan ringgit won pound poundsterling riyal real "
                   "peso rupee franc sgd",
    Measure.WEIGHT: "kg kilogram kilo gram gr g ton ons mg kuintal pon lb lbs",
    Measure.LENGTH: "m meter km kilometer cm sentimeter mm milimeter mil kaki inci",
    Measure.AREA: "hektare hektar ha m2 km2 are",
    Measure.SHARE: "persen % prosen",
}
_UNIT_OF = {unit: measure for measure, units in _UNITS.items() for unit in units.split()}
_RATE = re.compile(r"\b(?:per|setiap|tiap)\s+[\w-]+", re.IGNORECASE)
_UNIT_TOKEN = re.compile(r"us\$|\$|%|[a-z]+\d?", re.IGNORECASE)
_ALSO_FITS = {measure: {Measure.SHARE} for measure in Measure} | {Measure.AREA: {Measure.SHARE, Measure.LENGTH}}
"""A change is often given in percent ("naik 12 %"), an area in (square) kilometres."""
COUNT_UNITS = frozenset("unit orang jiwa buah ekor kali piksel pixel kursi lembar batang butir biji set porsi".split())
"""Counted things: never a measure of money, weight, length, area or share."""


def asked_measure(question: str) -> Measure | None:
    """The measure a quantity question names ("Berapa harga tiket …?": money), or None."""
    match = _MEASURE_QUESTION.search(question.lower())
    if not match:
        return None
    noun = match.group(1)
    return next(measure for measure, nouns in _MEASURE_NOUNS.items() if noun in nouns.split())


def fits_measure(measure: Measure, answer: str) -> bool:
    """False when ``answer`` carries a unit of another measure or a counted thing ("8.000 unit" for a price,
    "7680 x 3840 pixel" for a weight), or is a time ("dua tahun sampai 2020", "Juni 2020" for a salary or a
    contract's value; a rate "per tahun" is not a time); a bare number fits any measure."""
    units = _unit_tokens(answer)
    measures = {_UNIT_OF[u] for u in units if u in _UNIT_OF}
    if measure in measures:
        return True
    return not (measures - _ALSO_FITS[measure] or units & COUNT_UNITS or _names_a_time(answer))


_SCALE_WORDS = frozenset("lebih kurang sekitar hampir per setiap tiap hingga sampai".split())
_BARE_NUMBER = re.compile(r"(?:^|\s)(?:\d[\d.,]*|" + "|".join(sorted(NUMBER_WORDS)) + r")$", re.IGNORECASE)


def counts_things(answer: str, after: str) -> bool:
    """True when ``answer`` is a bare number (no unit) that the word ``after`` it says counts things: a lower-case
    content word that is no unit, scale or rate word ("enam" in "enam jenis jaket" for a price, "empat" in "empat
    gol" for a percentage). Of the 1,074 gold answers of quantity questions naming a measure in the training sets,
    it flags one ("960 miliar pendapatan …"; "26.719 di …" is not flagged: "di" is a stopword)."""
    word = after.strip(".,;:!?\"'”“()").lower()
    units = _unit_tokens(answer)
    if not _BARE_NUMBER.search(answer.strip()) or units & _UNIT_OF.keys() or not word.isalpha() or after[:1].isupper():
        return False
    return not (word in _UNIT_OF or word in NUMBER_WORDS or word in _SCALE_WORDS or word in INDONESIAN_STOPWORDS)


def _unit_tokens(answer: str) -> set[str]:
    """The lower-cased words and symbols of ``answer`` that may be units ("rp" of a glued "Rp20" too)."""
    return {token.lower() for token in _UNIT_TOKEN.findall(answer.replace("Rp", " Rp "))}


def _names_a_time(answer: str) -> bool:
    """True when ``answer`` holds a month, a weekday or a unit of time that is not a rate's ("per tahun")."""
    words = {w.lower() for w in _WORD.findall(_RATE.sub(" ", answer))}
    return bool(words & (MONTHS | WEEKDAYS | DURATION_UNITS))


def question_terms(question: str) -> set[str]:
    """The stemmed content words of ``question``, question words left out: what it is about."""
    return content_terms(question) - _question_word_terms()


@lru_cache(maxsize=1)
def _question_word_terms() -> frozenset[str]:
    return frozenset(content_terms(QUESTION_WORDS))
