"""The reader alone on the gold context of every question of a file (``tanya eval reader FILE``).

With ``--off-topic``, every answerable question is read over another question's context instead: the
figures then say how often the reader declines a passage that is about something else, as retrieval
hands it passages that share a few words with the question and nothing more.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from qa.metrics import exact_match, f1_score, percent
from qa.reader.reader import SpanReader
from qa.qa_records import QARecord, read_qa_file
from qa.training.training_data import off_topic_records

BATCH_QUESTIONS = 16
OFF_TOPIC_SEED = 0


@dataclass(frozen=True)
class Prediction:
    """The reader's answer to one question ("" when it abstains) and its two scores."""

    record: QARecord
    text: str
    exact_match: float
    f1: float


def predict_file(path: Path, reader: SpanReader, progress_every: int = 200,
                 off_topic: bool = False) -> tuple[list[Prediction], float]:
    """Predictions for every question of ``path`` on its gold context, and the milliseconds per question.

    ``off_topic``: the answerable questions only, each over another question's context (unanswerable).
    """
    records = read_qa_file(path)
    if off_topic:
        answerable = [r for r in records if not r.is_impossible]
        records = off_topic_records(answerable, len(answerable), random.Random(OFF_TOPIC_SEED))
    predictions: list[Prediction] = []
    reader.warm_up()
    started = time.perf_counter()
    for begin in range(0, len(records), BATCH_QUESTIONS):
        chunk = records[begin : begin + BATCH_QUESTIONS]
        results = reader.read_batch([r.question for r in chunk], [[r.context] for r in chunk], top_n=1)
        for record, result in zip(chunk, results):
            text = result.answer.text if result.answer else ""
            golds = [a.text for a in record.answers]
            predictions.append(Prediction(record, text, exact_match(text, golds), f1_score(text, golds)))
        done = len(predictions)
        if done % progress_every < BATCH_QUESTIONS or done == len(records):
            print(f"{Path(path).name}: {done}/{len(records)} questions", file=sys.stderr, flush=True)
    milliseconds = 1000 * (time.perf_counter() - started) / max(len(records), 1)
    return predictions, milliseconds


def summarize(predictions: list[Prediction], ms_per_question: float) -> dict:
    """Figures in percent: EM and F1 over all questions, F1 on answerable ones, accuracy on unanswerable ones."""
    answerable = [p for p in predictions if not p.record.is_impossible]
    unanswerable = [p for p in predictions if p.record.is_impossible]
    return {
        "questions": len(predictions),
        "exact_match": percent([p.exact_match for p in predictions]),
        "f1": percent([p.f1 for p in predictions]),
        "has_answer_f1": percent([p.f1 for p in answerable]),
        "no_answer_accuracy": percent([p.exact_match for p in unanswerable]),
        "ms_per_question": round(ms_per_question, 1),
    }


def evaluate_reader(path: Path, reader: SpanReader, off_topic: bool = False) -> dict:
    """Evaluate ``reader`` on the file at ``path`` (see :func:`summarize` for the keys).

    ``off_topic``: on off-topic contexts (see :func:`predict_file`); ``no_answer_accuracy`` is then the
    share of those questions the reader declines.
    """
    predictions, milliseconds = predict_file(path, reader, off_topic=off_topic)
    return summarize(predictions, milliseconds)

