"""Synthetic "when?" questions from the dated sentences of news passages, for a reader stage on news.

News date an event by its weekday and day/month ("… mengirim dua astronaut ke luar angkasa pada Minggu (16/10).")
and readers ask "Kapan …?" or "… hari apa?" of it. The reading-comprehension files hold few such dates (TyDi QA
is Wikipedia), and the stage-4 reader proposed no weekday at all for "wang yi telponan sama pm kazakhstan
tileuberdi hari apa". Each sentence that dates one thing this way becomes one question: the sentence without
its date, asked with "Kapan" (answer: the weekday and its date, "Minggu (16/10)", as the development sets'
gold answers give it) or "hari apa" (the weekday alone), before the sentence or after it. Sentences with a quote
are left out: their date is when something was said, and the question would repeat the quote.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from corpus import split_sentences
from qa.qa_records import GoldAnswer, QARecord

MIN_WORDS, MAX_WORDS = 5, 35
"""Questions whose sentence (without the date) is outside this many words are skipped."""

_DAY = r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu"
_DATED = re.compile(
    rf"(?:,\s*|(?:^|\s+)[Pp]ada\s+(?:hari\s+)?|^|\s+)(?P<date>(?P<day>{_DAY})\s*\(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\))"
    r"(?:\s+(?:malam|pagi|siang|sore|dini hari|waktu setempat|WIB|WITA|WIT))*(?=\s*[.,;]|\s*$|\s+[a-z])"
)
_CONNECTIVE = re.compile(r"^(?:Sebelumnya|Sementara itu|Sementara|Sedangkan|Namun|Kemudian|Selain itu|Adapun|Lalu|Dan)"
                         r",?\s+")
_QUOTES = set('"“”')
_QUESTIONS = (("Kapan {body}?", "date"), ("{body} kapan?", "date"),
              ("Hari apa {body}?", "day"), ("{body} pada hari apa?", "day"))


def day_question_records(contexts: Iterable[str], rng: random.Random) -> list[QARecord]:
    """One "when?" question per dated sentence of ``contexts`` (each context once, in the given order), in one
    of four forms chosen at random (:data:`_QUESTIONS`)."""
    records: list[QARecord] = []
    for context in dict.fromkeys(contexts):
        for body, start, day_end, date_end in dated_sentences(context):
            form, answer = rng.choice(_QUESTIONS)
            gold = GoldAnswer(context[start:date_end if answer == "date" else day_end], start)
            records.append(QARecord(f"day-{len(records)}", form.format(body=_asked(body, form)), context, (gold,)))
    return records


def dated_sentences(context: str) -> list[tuple[str, int, int, int]]:
    """``(sentence without its date, date start, weekday end, date end)`` of every sentence of ``context`` that dates
    one thing with a weekday and day/month ("pada Senin (10/1)", ", Sabtu (5/3) malam") and holds no quote; a
    leading connective ("Sebelumnya, …") is dropped from the sentence."""
    found = []
    for start, end in split_sentences(context):
        sentence = context[start:end]
        dates = list(_DATED.finditer(sentence))
        if len(dates) != 1 or _QUOTES & set(sentence):
            continue
        date = dates[0]
        body = _tidy(sentence[: date.start()] + sentence[date.end():])
        if MIN_WORDS <= len(body.split()) <= MAX_WORDS:
            found.append((body, start + date.start("date"), start + date.end("day"), start + date.end("date")))
    return found


def _tidy(body: str) -> str:
    """A sentence with its date cut out, as a question's body: no end punctuation, doubled spaces or commas, nor a
    leading connective."""
    body = re.sub(r"\s{2,}", " ", body.strip().rstrip(".!;,").strip())
    return _CONNECTIVE.sub("", re.sub(r",+", ",", re.sub(r"\s+,", ",", body)))


def _asked(body: str, form: str) -> str:
    """``body`` as it stands inside a question: its first word in lower case when the question starts with
    another word ("Kapan pertandingan itu digelar?"), unless it is a name (capitalised beyond its first letter
    or followed by another capitalised word)."""
    if form.startswith("{body}"):
        return body
    words = body.split(" ", 2)
    first = words[0]
    named = first[1:] != first[1:].lower() or (len(words) > 1 and words[1][:1].isupper())
    return body if named else first.lower() + body[len(first):]
