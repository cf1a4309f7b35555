"""Fitting the answer check: the logistic fit, swapped questions, figures and reliability (pure logic)."""

from __future__ import annotations

import random

import numpy as np

from qa.evaluation import OpenQuestion
from qa.training.check_fit import Asked, calibration_error, figures, fit_logistic, reliability, swapped_questions
from qa.training.swapped import swap_constraint


def test_the_logistic_fit_recovers_the_weights_of_its_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20_000, 2))
    y = (rng.random(20_000) < 1 / (1 + np.exp(-(1.5 * x[:, 0] - 2.0 * x[:, 1] + 0.5)))).astype(float)
    weights, bias = fit_logistic(x, y, l2=0.0)
    assert np.allclose(weights, [1.5, -2.0], atol=0.1) and abs(bias - 0.5) < 0.1


def test_a_swapped_question_moves_its_year_or_replaces_a_name_absent_from_the_context():
    rng = random.Random(0)
    swapped = swap_constraint("Berapa unit Calya terjual pada 2016?", "Calya terjual 8.000 unit pada 2016.",
                              ["Avanza"], rng)
    assert "2016" not in swapped and swapped.startswith("Berapa unit Calya terjual pada 20")
    swapped = swap_constraint("Siapa yang menelepon Sergey Lavrov?", "Wang Yi menelepon Sergey Lavrov.",
                              ["Antony Blinken", "Wang Yi"], rng)
    assert swapped == "Siapa yang menelepon Antony Blinken?"
    assert swap_constraint("apa itu?", "x", ["Budi"], rng) is None


def test_swapped_questions_are_unanswerable_twins_over_the_same_article():
    questions = [OpenQuestion("Berapa unit Calya terjual pada 2016?", "d1", ("8.000 unit",)),
                 OpenQuestion("Siapa yang menelepon Sergey Lavrov?", "d2", ("Wang Yi",)),
                 OpenQuestion("Siapa yang menang?", "d3", ())]
    contexts = {"d1": "Calya terjual 8.000 unit pada 2016.", "d2": "Wang Yi menelepon Sergey Lavrov.", "d3": "x"}
    twins = swapped_questions(questions, contexts)
    assert [(t.document_id, t.answers) for t in twins] == [("d1", ()), ("d2", ())]
    assert twins[1].question == "Siapa yang menelepon Calya?"


def _asked(kind: str) -> Asked:
    return Asked(kind, "d", (), (), np.zeros((0, 7)), ())


def test_figures_count_declines_per_kind_and_score_answerable_f1():
    asked = [_asked("answerable"), _asked("answerable"), _asked("unanswerable"), _asked("swapped")]
    chosen = [(0.9, 1.0), (0.1, 1.0), (0.2, 0.0), (0.8, 0.0)]
    result = figures(asked, chosen, threshold=0.5)
    assert result["f1"] == 50.0 and result["declined_answerable"] == 50.0
    assert result["declined_unanswerable"] == 100.0 and result["declined_swapped"] == 0.0
    assert result["overall"] == round(100 * 2 / 3, 2)  # swapped questions are not in the overall score


def test_reliability_bins_confidence_against_right_answers():
    chosen = [(0.95, 1.0), (0.92, 0.0), (0.15, 0.0), (0.12, 0.6)]
    table = reliability(chosen, [True, True, True, False])
    assert [(row["confidence"], row["answers"], row["right"]) for row in table] == [("0.1-0.2", 1, 0.0), ("0.9-1.0", 2, 50.0)]
    assert calibration_error(table) == round((1 * 15.0 + 2 * abs(93.5 - 50.0)) / 3, 2)
