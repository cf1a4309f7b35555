"""Other articles' accounts of an answer: which ones report the same, which ones report another figure or date.

A newsroom user wants to know whether a fact stands on one article or several, and whether publishers
disagree. Another retrieved article *corroborates* an answer when one of its sentences holds the answer's
words and most of the question's words (so "Selasa" in an unrelated sentence does not count). For
questions that ask for a time or a quantity, another article *disputes* it when the reader's confident
candidates include a different date or figure from that article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from corpus import Document, Passage, split_sentences
from embeddings.lexical import content_terms
from qa.answer import Alternative, Answer, ArticleRef, Report
from qa.answer_types import AnswerKind, answer_kind, fits, question_terms
from qa.metrics import normalize_answer

_BRACKETED = re.compile(r"\([^()]*\)")

MIN_SHARED_QUESTION_WORDS = 0.5
"""The share of the question's content words a sentence of another article must hold to corroborate."""
DISPUTED_KINDS = (AnswerKind.TIME, AnswerKind.QUANTITY)


def corroborations(question: str, best: Answer, others: Sequence[Alternative], passages: Sequence[Passage],
                   documents: dict[str, Document], min_score: float) -> tuple[Report, ...]:
    """One report per other article that gives the answer ``best`` gives: a candidate of another article,
    scored at least ``min_score``, whose text is a run of the words of the answer or holds it ("Stadion
    Maguwoharjo" for "Stadion Maguwoharjo, Sleman"); else a sentence of another article among ``passages``
    (best first) that holds the answer (or its head before a comma, two words or more: "Stadion Maguwoharjo")
    and at least :data:`MIN_SHARED_QUESTION_WORDS` of the question's other
    content words."""
    reports: dict[str, Report] = {}
    for other in sorted(others, key=lambda c: c.score, reverse=True):
        document_id = other.article.document_id
        if (other.score >= min_score and document_id not in (best.document_id, *reports)
                and same_answer(other.text, best.text)):
            reports[document_id] = Report(other.text, other.sentence, other.article)
    wanted = {f" {normalize_answer(form)} " for form in _forms(best.text)}
    asked = question_terms(question) - content_terms(best.text)
    for passage in passages:
        if passage.document_id in (best.document_id, *reports):
            continue
        for start, end in split_sentences(passage.text):
            sentence = passage.text[start:end]
            normalized = f" {normalize_answer(sentence)} "
            if any(form in normalized for form in wanted) and _shares_question(asked, sentence):
                article = ArticleRef.of(documents[passage.document_id])
                reports[article.document_id] = Report(best.text, sentence, article)
                break
    return tuple(reports.values())


def disputes(question: str, best: Answer, others: Sequence[Alternative], threshold: float) -> tuple[Report, ...]:
    """For a time or quantity question, the confident ``others`` from other articles that give another value:
    one report per article, its most likely candidate first."""
    kind = answer_kind(question)
    if kind not in DISPUTED_KINDS:
        return ()
    reports: dict[str, Report] = {}
    for other in sorted(others, key=lambda c: c.score, reverse=True):
        document_id = other.article.document_id
        if (other.score >= threshold and document_id not in (best.document_id, *reports)
                and fits(kind, other.text) and not same_answer(other.text, best.text)):
            reports[document_id] = Report(other.text, other.sentence, other.article)
    return tuple(reports.values())


def same_answer(one: str, other: str) -> bool:
    """True when one text is a run of the words of the other ("Patrushev", "Nikolai Patrushev"), also once their
    bracketed parts are left out ("Organisasi Perjanjian Keamanan Kolektif (CSTO)", "Organisasi Perjanjian
    Keamanan Kolektif (Collective Security Treaty Organization/CSTO)")."""
    return any(a in b or b in a for a in _comparable(one) for b in _comparable(other))


def _comparable(answer: str) -> set[str]:
    """The answer's normalised words, with and without its bracketed parts (unless nothing else is left)."""
    forms = {normalize_answer(answer), normalize_answer(_BRACKETED.sub(" ", answer))}
    return {f" {form} " for form in forms if form}


def _forms(answer: str) -> set[str]:
    """The answer, and its head before a comma when that is two words or more."""
    head = answer.split(",", 1)[0]
    return {answer, head} if len(head.split()) >= 2 else {answer}


def _shares_question(asked: set[str], sentence: str) -> bool:
    return not asked or len(asked & content_terms(sentence)) >= MIN_SHARED_QUESTION_WORDS * len(asked)
