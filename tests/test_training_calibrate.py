"""Calibration of a reader on hand-made outputs: ECE and reliability, temperature fit, abstention threshold."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from qa.reader.config import ReaderConfig
from qa.training.calibrate import Scored, file_figures, fit_temperature, reliability, tune_threshold
from qa.qa_records import GoldAnswer, QARecord
from synthetic_reader import scored_window

CONTEXT = "Menlu AS Antony Blinken bertemu Wang Yi di Beijing pada Sabtu."


def test_ece_weighs_each_bin_gap_by_its_share_of_questions() -> None:
    ece, table = reliability([0.9, 0.9, 0.1, 0.1], [1, 0, 0, 0])
    assert ece == pytest.approx(100 * (0.5 * abs(0.9 - 0.5) + 0.5 * abs(0.1 - 0.0)))
    assert table == [
        {"bin": "0.1-0.2", "questions": 2, "mean_confidence": 10.0, "exact_match": 0.0},
        {"bin": "0.9-1.0", "questions": 2, "mean_confidence": 90.0, "exact_match": 50.0},
    ]


def test_a_calibrated_model_has_no_gap_and_a_certain_one_lands_in_the_last_bin() -> None:
    ece, table = reliability([1.0, 1.0, 0.25, 0.25, 0.25, 0.25], [1, 1, 1, 0, 0, 0])
    assert ece == 0.0 and table[-1]["bin"] == "0.9-1.0" and table[-1]["questions"] == 2


def _scored(answer: str, said: str, margin: float) -> Scored:
    """A question whose gold answer is ``answer`` and whose model says ``said``, ``margin`` above all else."""
    record = QARecord(answer, "Siapa?", CONTEXT, (GoldAnswer(answer, CONTEXT.index(answer)),))
    return Scored("valid.json", record, [scored_window(CONTEXT, {said: margin / 2}, {said: margin / 2})])


@pytest.mark.parametrize(("right_share", "direction"), [(0.5, "warmer"), (1.0, "colder")])
def test_the_temperature_follows_how_often_the_model_is_right(right_share: float, direction: str) -> None:
    # the same confident margin: right half of the time calls for a higher temperature, always right for a lower one
    questions = 10
    right = int(questions * right_share)
    scored = [_scored("Blinken", "Blinken", 4.0) for _ in range(right)]
    scored += [_scored("Blinken", "Beijing", 4.0) for _ in range(questions - right)]
    reader = SimpleNamespace(config=ReaderConfig(spans_per_window=1, temperature=1.0))
    temperature = fit_temperature(scored, reader)
    assert temperature > 1.0 if direction == "warmer" else temperature < 1.0


def _unanswerable(said: str) -> Scored:
    record = QARecord("u", "Siapa?", CONTEXT, ())
    return Scored("valid.json", record, [scored_window(CONTEXT, {said: 1.0}, {said: 1.0})])


def test_the_threshold_keeps_the_right_answers_and_withholds_the_guesses() -> None:
    scored = [_scored("Blinken", "Blinken", 4.0), _scored("Wang", "Wang", 4.0), _unanswerable("Sabtu.")]
    best = [("Blinken", 0.8), ("Wang", 0.7), ("Sabtu", 0.3)]
    threshold = tune_threshold(scored, best)
    assert 0.3 < threshold <= 0.7
    assert file_figures(scored, best, threshold) == {"valid.json": {"exact_match": 100.0, "f1": 100.0, "questions": 3}}
    answered_all = file_figures(scored, best, 0.0)["valid.json"]
    assert answered_all["exact_match"] == pytest.approx(66.67, abs=0.01)
