"""SQuAD-style metrics on small hand-checked cases."""

import pytest

from qa.metrics import answer_figures, exact_match, f1_score, normalize_answer, percent, share


def test_normalize_lowercases_drops_punctuation_and_collapses_spaces():
    assert normalize_answer("  Sabtu (5/3),  2022! ") == "sabtu 53 2022"
    assert normalize_answer("“Jakarta”") == "jakarta"
    assert normalize_answer("Yang   Di-Pertuan") == "yang dipertuan"


def test_normalize_keeps_indonesian_words():
    # nothing but case, punctuation and spacing is dropped (no article removal as in English SQuAD)
    assert normalize_answer("the si Kancil") == "the si kancil"


def test_exact_match_takes_any_gold():
    assert exact_match("Joko Widodo.", ["Presiden Joko Widodo", "joko widodo"]) == 1.0
    assert exact_match("Joko", ["Joko Widodo"]) == 0.0


def test_f1_is_token_overlap_and_max_over_golds():
    # prediction 3 tokens, gold 2 tokens, 2 in common: P = 2/3, R = 1, F1 = 0.8
    assert f1_score("Presiden Joko Widodo", ["Joko Widodo"]) == pytest.approx(0.8)
    assert f1_score("Presiden Joko Widodo", ["Joko Widodo", "Presiden Joko Widodo"]) == 1.0
    assert f1_score("Bandung", ["Joko Widodo"]) == 0.0


def test_f1_counts_repeated_tokens_once_per_occurrence():
    # common = min(2, 1) for "dua" -> P = 1/2, R = 1, F1 = 2/3
    assert f1_score("dua dua", ["dua"]) == pytest.approx(2 / 3)


def test_unanswerable_scores_one_only_for_empty_prediction():
    assert exact_match("", []) == 1.0 and f1_score("", []) == 1.0
    assert exact_match("Jakarta", []) == 0.0 and f1_score("Jakarta", []) == 0.0
    assert f1_score("", ["Jakarta"]) == 0.0


def test_answer_figures_aggregate_em_and_f1_in_percent() -> None:
    figures = answer_figures([("Jakarta", ["Jakarta"]), ("kota Jakarta", ["Jakarta"]), ("", ["Bandung"])])
    assert figures == {"exact_match": 33.33, "f1": 55.56, "questions": 3}
    assert answer_figures([]) == {"exact_match": None, "f1": None, "questions": 0}
    assert percent([1.0, 0.0, 0.5]) == 50.0


def test_figures_are_rounded_to_the_decimals_asked() -> None:
    pairs = [("Jakarta", ["Jakarta"]), ("kota Jakarta", ["Jakarta"]), ("", ["Bandung"])]
    assert answer_figures(pairs, digits=1) == {"exact_match": 33.3, "f1": 55.6, "questions": 3}
    assert share(2, 3) == 66.67 and share(2, 3, digits=1) == 66.7 and share(1, 0) is None
    assert percent([1.0, 0.0, 0.0], digits=1) == 33.3
