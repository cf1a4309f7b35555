"""The confidence shown with an answer: the reader's probability checked against the question.

The reader scores a span by how well it reads as an answer in its passage; it does not ask whether the passage
is about what the question asks. An answer is checked here on what the reader does not see together: the kind
of answer the question asks for (:mod:`qa.answer_types`), how many of the question's words its sentence and
its passage hold, a year the question names that the passage does not, the share of the names the question
gives ("menlu Rusia", "Wang Yi") that neither the passage nor its article's title and publisher hold (the
right story about another person or country), an answer made of the question's own words, how much the
reader's other candidates give the same answer, and its passage's retrieval rank. A logistic model over these
features, fitted on the whole pipeline's answers to the open-domain pool (retrieval and reading budget
included; see ``qa/data/answer_check.json`` for the data, the fit and its reliability tables), turns them into
the probability that the answer is right, which both ranks the candidates and decides to decline. For a "what
did X say about Y" question the share of Y's words that a quote holds ranks the quotes too (:func:`said_topic`,
weighted apart: the pool has almost no such questions), without raising the confidence shown.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from embeddings.lexical import content_terms
from qa.answer_types import (AnswerKind, answer_kind, as_inside_a_sentence, asked_measure, counts_things, fits,
                             fits_measure, names_someone_new, question_terms, said_about,
                             spells_out_asked_acronym)

CHECK_FILE = Path(__file__).parent / "data" / "answer_check.json"
FEATURES = ("reader_logit", "rank", "misfit", "sentence_overlap", "passage_overlap", "missing_year",
            "echoes_question", "support", "names_off_passage")
SAID_TOPIC_WEIGHT = 2.0
"""The weight of :func:`said_topic` in the check's logit. The pool the other weights are fitted on holds almost
no "apa kata X tentang Y" questions, so it was fitted apart, by maximum likelihood of the right candidates (F1 >=
0.5) with the other weights fixed, on the 34 candidates of the development files' six such questions with a
topic (``tests/data/dev_questions_*.json``; log-likelihood -11.1 / -9.7 / -9.35 / -10.0 at weights 0 / 1 / 2 / 3;
README, session 19)."""
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_EPSILON = 1e-4
_WORD = re.compile(r"[^\W_][\w'’-]*")
_OPENING_MARKS = "\"'“”‘’(["


@dataclass(frozen=True)
class Candidate:
    """A span the reader proposes, where it stands, and how probable the reader finds it."""

    text: str
    sentence: str
    passage: str
    reader_score: float
    rank: int
    support: float = 0.0
    """The reader's scores of the other candidates that give the same answer (elsewhere in the passages), summed."""
    neighbours: tuple[str, str] = ("", "")
    """The words of its sentence just before and just after the span ("" at either end): the unit of a bare
    number ("2.795" in "US$ 2.795" or "2.795 unit") says what it measures."""
    heading: str = ""
    """The article's title and publisher: names a question may give of the article without its passage
    repeating them ("… yang dimuat Zona Priangan")."""


def features(question: str, candidate: Candidate, about: str | None = None) -> dict[str, float]:
    """The checks of ``candidate`` against ``question``, by name (see :data:`FEATURES`). The kind of answer is
    the question's own; the words it asks about are those of ``about`` when given (a follow-up completed from
    the conversation: the text it was retrieved with)."""
    asked = question_terms(about or question)
    kind = answer_kind(question)
    score = min(max(candidate.reader_score, _EPSILON), 1 - _EPSILON)
    answer_terms = content_terms(candidate.text)
    names = _named_terms(about or question) - answer_terms
    passage_terms = content_terms(candidate.passage)
    return {
        "reader_logit": math.log(score / (1 - score)),
        "rank": float(candidate.rank),
        "misfit": float(kind is not None and not _fits_question(question, kind, candidate, about)),
        "sentence_overlap": _share(asked - answer_terms, content_terms(candidate.sentence)),
        "passage_overlap": _share(asked - answer_terms, passage_terms),
        "missing_year": float(any(year not in candidate.passage for year in _YEAR.findall(question))),
        "echoes_question": float(bool(answer_terms) and answer_terms <= asked),
        "support": candidate.support,
        "names_off_passage": 1.0 - _share(names, passage_terms | content_terms(candidate.heading)),
    }


def said_topic(question: str, candidate: Candidate) -> float:
    """For a "what did X say about Y" question, the share of the words of Y that the answer itself holds: of the
    quotes of one speaker, the one about what was asked repeats its words ("pandemi Covid-19" for "Apa kata Wang
    Yi tentang penanganan pandemi Covid-19?"). 0 for other questions, and for an answer of the question's words
    only (an echo of its topic says nothing)."""
    topic = said_about(question)
    answer_terms = content_terms(candidate.text)
    if not topic or answer_terms <= question_terms(question):
        return 0.0
    return len(topic & answer_terms) / len(topic)


def _fits_question(question: str, kind: AnswerKind, candidate: Candidate, about: str | None = None) -> bool:
    """The candidate's answer is of the kind asked for, names a person the question (with its conversation,
    ``about``) does not, and is of the measure a quantity question names ("berapa harga"), judged on the answer
    with its neighbouring words (its unit may stand just outside the span). The capital of a sentence's first
    word counts as a name only where the news capitalise that word inside sentences too."""
    before, after = candidate.neighbours
    text = candidate.text if before.strip(_OPENING_MARKS) else as_inside_a_sentence(candidate.text)
    if not fits(kind, text):
        return False
    if kind in (AnswerKind.PERSON, AnswerKind.NAMED) and (
            not names_someone_new(text, about or question)
            or spells_out_asked_acronym(candidate.text, _following(candidate), about or question)):
        return False
    measure = asked_measure(question) if kind is AnswerKind.QUANTITY else None
    return measure is None or (fits_measure(measure, " ".join((before, candidate.text, after)))
                               and not counts_things(candidate.text, after))


def _following(candidate: Candidate) -> str:
    """The text of the candidate's sentence after its span (its next word where the span is not found there)."""
    at = candidate.sentence.find(candidate.text)
    return candidate.sentence[at + len(candidate.text):] if at >= 0 else candidate.neighbours[1]


def _named_terms(question: str) -> set[str]:
    """The stemmed capitalised words of ``question`` after its first word (capitalised as a sentence's first):
    the names it asks about ("Rusia", "Wang", "Yi" in "Siapa menlu Rusia yang ditelepon Wang Yi?")."""
    return content_terms(" ".join(w for w in _WORD.findall(question)[1:] if w[:1].isupper()))


def _share(wanted: set[str], present: set[str]) -> float:
    """The share of ``wanted`` in ``present`` (1 when nothing is wanted)."""
    return len(wanted & present) / len(wanted) if wanted else 1.0


@dataclass(frozen=True)
class AnswerCheck:
    """A fitted logistic model over :data:`FEATURES` that ranks candidates, its calibration (``scale`` and
    ``shift`` map its logit to the probability that the chosen answer is right) and the confidence below
    which the assistant declines."""

    weights: dict[str, float]
    bias: float
    scale: float
    shift: float
    threshold: float

    @classmethod
    def load(cls, path: Path = CHECK_FILE) -> "AnswerCheck":
        """The shipped check (``qa/data/answer_check.json``)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**{name: data[name] for name in ("weights", "bias", "scale", "shift", "threshold")})

    def logit(self, question: str, candidate: Candidate, about: str | None = None) -> float:
        """The model's log-odds that ``candidate`` is a right answer to ``question`` (ranks candidates); ``about``
        as in :func:`features`."""
        values = features(question, candidate, about)
        return self.bias + sum(self.weights[name] * values[name] for name in FEATURES)

    def confidence(self, question: str, candidate: Candidate, about: str | None = None) -> float:
        """The calibrated probability that ``candidate``, chosen as the answer, is right."""
        return self._calibrated(self.logit(question, candidate, about))

    def ranked(self, question: str, candidates: Sequence[Candidate],
               about: str | None = None) -> list[tuple[int, float]]:
        """The indices of one question's ``candidates``, most likely right first, each with its confidence. For a
        "what did X say about Y" question the quotes are ranked with their :func:`said_topic` too, but none is
        shown surer than the surest candidate without it: the topic picks which quote, not how sure it is that
        the articles answer (such answers are right less often than the check says already)."""
        logits = [self.logit(question, candidate, about) for candidate in candidates]
        ranking = [logit + SAID_TOPIC_WEIGHT * said_topic(question, candidate)
                   for logit, candidate in zip(logits, candidates)]
        ceiling = max(logits, default=0.0)
        order = sorted(range(len(candidates)), key=lambda i: ranking[i], reverse=True)
        return [(i, self._calibrated(min(ranking[i], ceiling))) for i in order]

    def _calibrated(self, logit: float) -> float:
        return _sigmoid(self.scale * logit + self.shift)

    def to_dict(self) -> dict:
        """The check's parameters as JSON-serialisable values."""
        return asdict(self)


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))
