"""The reader alone on the gold context of every question of a file (``tanya eval reader FILE``)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from qa.metrics import exact_match, f1_score
from qa.reader.data import QARecord, read_qa_file
from qa.reader.reader import SpanReader

BATCH_QUESTIONS = 16


@dataclass(frozen=True)
class Prediction:
    """The reader's answer to one question ("" when it abstains) and its two scores."""

    record: QARecord
    text: str
    exact_match: float
    f1: float


def predict_file(path: Path, reader: SpanReader, progress_every: int = 200) -> tuple[list[Prediction], float]:
    """Predictions for every question of ``path`` on its gold context, and the milliseconds per question."""
    records = read_qa_file(path)
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
        "exact_match": _percent([p.exact_match for p in predictions]),
        "f1": _percent([p.f1 for p in predictions]),
        "has_answer_f1": _percent([p.f1 for p in answerable]),
        "no_answer_accuracy": _percent([p.exact_match for p in unanswerable]),
        "ms_per_question": round(ms_per_question, 1),
    }


def evaluate_reader(path: Path, reader: SpanReader) -> dict:
    """Evaluate ``reader`` on the file at ``path`` (see :func:`summarize` for the keys)."""
    predictions, milliseconds = predict_file(path, reader)
    return summarize(predictions, milliseconds)


def _percent(values: list[float]) -> float | None:
    """Mean in percent with two decimals; None for an empty list (e.g. no unanswerable question)."""
    return round(100 * sum(values) / len(values), 2) if values else None
