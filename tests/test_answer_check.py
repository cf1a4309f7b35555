"""The answer check: its features, the shipped fit, and the decline threshold as a setting (pure logic)."""

from __future__ import annotations

import json

import pytest

from qa.answer_check import CHECK_FILE, FEATURES, AnswerCheck, Candidate, features, said_topic
from qa.config import Settings

SENTENCE = "Henry mengatakan hingga 16 Agustus 2016 sudah 8.000 unit Toyota Calya terjual."
PASSAGE = "Toyota Calya diluncurkan pada 2 Agustus. " + SENTENCE


def _candidate(text: str, sentence: str = SENTENCE, passage: str = PASSAGE, score: float = 0.6) -> Candidate:
    return Candidate(text, sentence, passage, score, rank=0)


def _with_neighbours(text: str, sentence: str) -> Candidate:
    """``text`` of ``sentence`` (also its passage) with the words just before and after it."""
    start = sentence.index(text)
    neighbours = (sentence[:start].split()[-1], sentence[start + len(text):].split()[0])
    return Candidate(text, sentence, sentence, 0.6, rank=0, neighbours=neighbours)


def test_features_check_the_kind_the_words_and_the_year_of_the_question():
    question = "Berapa unit Toyota Calya terjual hingga Agustus 2016?"
    fitting = features(question, _candidate("8.000 unit"))
    assert fitting["misfit"] == 0.0 and fitting["missing_year"] == 0.0
    assert fitting["sentence_overlap"] == 1.0 and fitting["passage_overlap"] == 1.0
    assert features(question, _candidate("Henry"))["misfit"] == 1.0  # a name for a quantity
    assert features("Berapa unit Calya terjual pada 2017?", _candidate("8.000 unit"))["missing_year"] == 1.0
    other = features(question, _candidate("8.000 unit", sentence="Harga emas naik 8.000 unit.",
                                          passage="Harga emas naik 8.000 unit."))
    assert other["sentence_overlap"] == 0.0 and other["passage_overlap"] == 0.0
    assert features("Siapa yang menelepon Wang Yi?", _candidate("Wang Yi"))["echoes_question"] == 1.0


def test_the_names_a_question_gives_are_looked_for_in_the_passage_and_its_articles_heading():
    question = "Berapa unit Toyota Calya terjual di Jakarta menurut Henry?"
    assert features(question, _candidate("8.000 unit"))["names_off_passage"] == pytest.approx(1 / 4)  # no Jakarta
    titled = Candidate("8.000 unit", SENTENCE, PASSAGE, 0.6, rank=0, heading="Calya laris di Jakarta\nSuara")
    assert features(question, titled)["names_off_passage"] == 0.0
    assert features("berapa unit calya terjual?", _candidate("8.000 unit"))["names_off_passage"] == 0.0  # none given
    lavrov = "Siapa menlu Rusia yang ditelepon Wang Yi?"
    assert features(lavrov, _candidate("Wang Yi"))["names_off_passage"] == 1.0  # the answer's own words aside
    assert AnswerCheck.load().weights["names_off_passage"] < 0


def test_a_quantity_of_another_measure_than_the_one_asked_for_does_not_fit():
    price = "Berapa harga jual motor listrik Gesits?"
    assert features(price, _candidate("sampai puluhan ribu unit"))["misfit"] == 1.0  # units sold, not a price
    assert features(price, _candidate("Rp 20 juta"))["misfit"] == 0.0
    assert features(price, _candidate("20 juta"))["misfit"] == 0.0  # a bare number may be the price
    assert features("Berapa bobot kamera Detu F4 Plus?", _candidate("7680 x 3840 pixel"))["misfit"] == 1.0


def test_a_bare_number_counting_things_is_no_price_or_percentage():
    sentence = "Jaket itu tersedia dalam enam jenis dan dijual seharga 200 dolar."

    def bare(text: str) -> Candidate:
        return _with_neighbours(text, sentence)

    assert features("Berapa harga jaket itu?", bare("enam"))["misfit"] == 1.0  # "enam jenis": kinds, not money
    assert features("Berapa harga jaket itu?", bare("200"))["misfit"] == 0.0  # "200 dolar"
    assert features("Berapa jenis jaket yang tersedia?", bare("enam"))["misfit"] == 0.0  # no measure named


def test_a_bare_number_is_measured_by_the_unit_just_outside_the_span():
    weight = "Berapa berat bodi kamera Leica CL?"
    sentence = "Leica CL dijual seharga US$ 2.795 dan beratnya 403 gram."

    def bare(text: str) -> Candidate:
        return _with_neighbours(text, sentence)

    assert features(weight, bare("2.795"))["misfit"] == 1.0  # a price in dollars, not a weight
    assert features(weight, bare("403"))["misfit"] == 0.0  # grams
    assert features("Berapa harga Leica CL?", bare("2.795"))["misfit"] == 0.0
    assert features(weight, _candidate("2.795"))["misfit"] == 0.0  # no neighbours known: a bare number fits


def test_a_person_named_by_the_question_itself_is_not_the_one_it_asks_for():
    question = "siapa bos dorna yg minta valentino rossi nunda pensiun"
    assert features(question, _candidate("Valentino Rossi"))["misfit"] == 1.0
    assert features(question, _candidate("Carmelo Ezpeleta"))["misfit"] == 0.0
    assert features(question, _candidate("Rossi dan Carmelo Ezpeleta"))["misfit"] == 0.0  # a new name too
    # a follow-up is completed with the conversation's question: its names count as the question's
    about = "Kapan bos Dorna meminta Valentino Rossi menunda pensiun? Siapa namanya?"
    assert features("Siapa namanya?", _candidate("Valentino Rossi"), about=about)["misfit"] == 1.0


def test_a_which_question_wants_a_name_it_does_not_give_itself():
    question = "Produsen panel OLED mana yang digandeng Google untuk membuat VR headset?"
    sentence = "Google menggandeng produsen panel OLED ternama untuk membuat VR headset."
    assert features(question, _with_neighbours("panel", sentence))["misfit"] == 1.0  # not a name
    assert features(question, _with_neighbours("OLED", sentence))["misfit"] == 1.0  # the question's own
    named = "Google menggandeng produsen panel OLED LG Display ."
    assert features(question, _with_neighbours("LG Display", named))["misfit"] == 0.0


def test_the_capital_of_a_sentence_s_first_word_names_no_one():
    question = "Siapa pelaku pembunuhan pedagang mie ayam di Kota Kediri?"
    opening = "Polisi menduga, korban tewas karena luka di leher."
    assert features(question, Candidate("Polisi menduga", opening, opening, 0.6, rank=0,
                                        neighbours=("", ",")))["misfit"] == 1.0
    assert features(question, _with_neighbours("Polisi Resor Kediri", "Kasus ditangani Polisi Resor Kediri ."))[
        "misfit"] == 0.0  # inside a sentence the capital is the writer's
    named = "Anthon Haryadi menduga pelaku kenal korban."
    assert features(question, Candidate("Anthon Haryadi", named, named, 0.6, rank=0,
                                        neighbours=("", "menduga")))["misfit"] == 0.0


def test_a_follow_up_is_checked_against_the_words_of_its_conversation():
    alone = features("Kapan itu terjadi?", _candidate("16 Agustus 2016"))
    about = features("Kapan itu terjadi?", _candidate("16 Agustus 2016"),
                     about="Berapa unit Toyota Calya terjual? Kapan itu terjadi?")
    assert about["misfit"] == alone["misfit"] == 0.0  # the kind is the question's own: a time
    assert about["sentence_overlap"] > alone["sentence_overlap"]


def test_the_shipped_check_has_every_feature_and_prefers_what_fits_the_question():
    check = AnswerCheck.load()
    assert set(check.weights) == set(FEATURES) and 0.0 < check.threshold < 1.0
    assert json.loads(CHECK_FILE.read_text(encoding="utf-8"))["report"]["check"]["reliability"]
    question = "Berapa unit Toyota Calya terjual hingga Agustus 2016?"
    assert check.confidence(question, _candidate("8.000 unit")) > check.confidence(question, _candidate("Henry"))
    assert check.confidence(question, _candidate("8.000 unit", score=0.9)) > check.confidence(
        question, _candidate("8.000 unit", score=0.3))


def test_the_spelled_out_name_of_an_acronym_the_question_gives_does_not_fit_it():
    sentence = "Pekan lalu, Organisasi Perjanjian Keamanan Kolektif (CSTO) yang dipimpin Rusia mengirim pasukan."
    spelled = _with_neighbours("Organisasi Perjanjian Keamanan Kolektif", sentence)
    assert features("Siapa yang memimpin csto?", spelled)["misfit"] == 1.0
    assert features("Siapa yang memimpin csto?", _with_neighbours("Rusia", sentence))["misfit"] == 0.0
    assert features("Organisasi apa yang mengirim pasukan?", spelled)["misfit"] == 0.0  # no kind asked


QUOTES = ("Semua ini ditujukan kepada Rusia dan China dengan mengorbankan negara-negara berkembang.",
          "Barat berusaha menghalangi Rusia dan China dalam upaya mereka untuk mempertahankan dominasi global.")


def _quote(text: str, score: float) -> Candidate:
    return Candidate(text, text, " ".join(QUOTES), score, rank=0)


def test_the_quote_about_what_was_asked_holds_its_topic():
    question = "Apa kata Patrushev tentang negara-negara berkembang?"
    about, other = _quote(QUOTES[0], 0.2), _quote(QUOTES[1], 0.2)
    assert said_topic(question, about) == 1.0 and said_topic(question, other) == 0.0
    assert said_topic("Apa kata Patrushev?", about) == 0.0  # no topic asked
    assert said_topic("Siapa yang mengorbankan negara-negara berkembang?", about) == 0.0  # no saying question
    assert said_topic(question, _quote("negara-negara berkembang", 0.2)) == 0.0  # the topic echoed, nothing said


def test_a_quote_is_ranked_by_its_topic_but_shown_no_surer_than_the_surest_candidate():
    check = AnswerCheck.load()
    question = "Apa kata Patrushev tentang negara-negara berkembang?"
    candidates = [_quote(QUOTES[1], 0.6), _quote(QUOTES[0], 0.3)]  # the reader prefers the other quote
    assert check.confidence(question, candidates[0]) > check.confidence(question, candidates[1])
    (first, surest), (second, _) = check.ranked(question, candidates)
    assert (first, second) == (1, 0)
    assert surest == pytest.approx(check.confidence(question, candidates[0]))
    factoid = "Siapa yang berusaha menghalangi Rusia dan China?"  # no quote asked for: the check's own order
    assert [i for i, _ in check.ranked(factoid, candidates)] == [0, 1]
    assert [c for _, c in check.ranked(factoid, candidates)] == [check.confidence(factoid, c) for c in candidates]


def test_the_decline_threshold_is_a_setting(monkeypatch: pytest.MonkeyPatch):
    assert Settings().answer_check().threshold == AnswerCheck.load().threshold
    assert Settings(decline_below=0.2).answer_check().threshold == 0.2
    monkeypatch.setenv("TANYA_DECLINE_BELOW", "0.6")
    assert Settings.from_env().decline_below == 0.6
    monkeypatch.setenv("TANYA_DECLINE_BELOW", "banyak")
    with pytest.raises(ValueError, match="TANYA_DECLINE_BELOW must be a number"):
        Settings.from_env()
    with pytest.raises(ValueError, match="between 0 and 1"):
        Settings(decline_below=1.5)
