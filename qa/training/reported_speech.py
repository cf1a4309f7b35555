"""Synthetic "what did X say?" questions from the reported speech in training contexts.

The reading-comprehension files ask factoid questions (who, when, how many); news readers also ask
"Apa yang dikatakan Wang Yi tentang Kazakhstan?", whose answer is a clause or a quote. Such
questions are almost absent from the data, and a reader trained without them spreads its
probability over many clause boundaries and abstains. This module finds two patterns in the
training contexts and turns each into a question whose answer is what was said:

- ``<Speaker> [pada <day>] mengatakan|menyatakan|menegaskan|menekankan|... [bahwa] <clause>.``
- ``"<quote>," kata|ujar|tutur|ucap <Speaker>``
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from corpus import split_sentences
from qa.qa_records import GoldAnswer, QARecord

MIN_WORDS, MAX_WORDS = 3, 25
"""Answers outside this many words are skipped (the reader returns at most 30 tokens)."""

_NAME = r"[A-Z][\w'.-]*"
_SPEAKER_BEFORE = re.compile(rf"(?P<speaker>(?:{_NAME}\s+){{0,5}}{_NAME})(?:\s+pada\s+{_NAME}(?:\s+\(\S+\))?)?\s+$")
_SAYING_VERB = re.compile(
    r"\s(?:mengatakan|menyatakan|menegaskan|menekankan|mengungkapkan|menjelaskan|menilai|mengakui),?\s+(?:bahwa\s+)?"
)
_QUOTE = re.compile(
    rf"[\"“](?P<quote>[^\"“”\n]+?)[,.]?[\"”],?\s+(?:kata|ujar|tutur|ucap)(?:nya)?\s+"
    rf"(?P<speaker>(?:{_NAME}\s+){{0,5}}{_NAME})"
)
_NOT_SPEAKERS = {"Ia", "Dia", "Mereka", "Kami", "Kita", "Beliau", "Ini", "Itu", "Hal", "Saya", "Anda"}
_CONNECTIVES = re.compile(r"^(?:Namun|Sedangkan|Sementara|Selain itu|Kemudian|Lalu|Dan|Tetapi)\s+")
_CITATION = re.compile(r"(?:\[\d+\])+$")
_QUESTIONS = ("Apa yang dikatakan {speaker}{topic}?", "Apa kata {speaker}{topic}?",
              "Apa yang disampaikan {speaker}{topic}?")


def reported_speech_records(contexts: Iterable[str], rng: random.Random) -> list[QARecord]:
    """One question per reported statement found in ``contexts`` (each context once, in the given order).

    The question names the speaker and, for half of the statements that name one, a capitalised
    topic from the statement ("... tentang Kazakhstan?"); the answer is the statement itself.
    """
    records: list[QARecord] = []
    for context in dict.fromkeys(contexts):
        for speaker, start, end in statements(context):
            said = context[start:end]
            topics = [w for w in re.findall(_NAME, said)[1:] if w not in speaker and len(w) > 3]
            topic = f" tentang {rng.choice(topics)}" if topics and rng.random() < 0.5 else ""
            question = rng.choice(_QUESTIONS).format(speaker=speaker, topic=topic)
            records.append(QARecord(f"said-{len(records)}", question, context, (GoldAnswer(said, start),)))
    return records


def statements(context: str) -> list[tuple[str, int, int]]:
    """``(speaker, start, end)`` of every reported statement in ``context``: ``context[start:end]`` is what was said."""
    found = []
    for sentence_start, sentence_end in split_sentences(context):
        sentence = context[sentence_start:sentence_end]
        verb = _SAYING_VERB.search(sentence)
        speaker = _SPEAKER_BEFORE.search(sentence[: verb.start() + 1]) if verb else None
        if verb and speaker and not sentence.rstrip().endswith(('"', "”")):  # a quote: the pattern below
            found.append((speaker["speaker"], sentence_start + verb.end(), sentence_end))
        for quote in _QUOTE.finditer(sentence):
            text = quote["quote"].strip()
            start = sentence_start + quote.start("quote") + quote["quote"].index(text)
            found.append((quote["speaker"], start, start + len(text)))
    kept = []
    for speaker, start, end in found:
        speaker = _CONNECTIVES.sub("", speaker).rstrip(".")
        said = _CITATION.sub("", context[start:end].rstrip(" .")).rstrip(" .,")
        if (speaker and speaker.split()[0] not in _NOT_SPEAKERS and MIN_WORDS <= len(said.split()) <= MAX_WORDS
                and not said.startswith(("pada ", "kepada ")) and not set('"“”') & set(said)):
            kept.append((speaker, start, start + len(said)))
    return kept
