"""Span decoding on real outputs of the shipped reader: offsets, stride windows, limits, no-answer, aggregation."""

from __future__ import annotations

import re

import pytest

from qa.metrics import normalize_answer
from qa.reader.decoding import char_span, top_token_spans, whole_words
from qa.reader.windows import Window

CAPITAL = "Jakarta adalah ibu kota Indonesia. Kota ini terletak di pesisir utara Pulau Jawa."
TELEPHONE = (
    "Menteri Luar Negeri China Wang Yi kembali melakukan percakapan telepon dengan Menlu Amerika Serikat "
    "Antony Blinken, Sabtu (5/3), untuk membicarakan situasi terkini di Ukraina."
)
FOOTBALL = "Tim nasional sepak bola Indonesia dilatih oleh Shin Tae-yong sejak tahun 2020."
FILLER = "Pemerintah daerah terus membahas anggaran pembangunan jalan, sekolah dan rumah sakit bersama warga. "


def test_spans_are_character_offsets_into_their_context(reader):
    contexts = [CAPITAL, TELEPHONE]
    result = reader.read("Apa ibu kota Indonesia?", contexts, top_n=5)
    assert result.spans
    for span in result.spans:
        assert span.text == contexts[span.context_index][span.start : span.end]
        assert span.text == span.text.strip() and 0.0 <= span.score <= 1.0
    assert [s.score for s in result.spans] == sorted((s.score for s in result.spans), reverse=True)
    assert result.answer.text == "Jakarta"


def test_long_context_is_split_into_windows_and_answer_found_in_a_later_one(reader):
    context = FILLER * 40 + FOOTBALL + " " + FILLER * 5
    question = "Siapa pelatih tim nasional sepak bola Indonesia?"
    windows = reader.score_windows([question], [[context]])[0]
    assert len(windows) > 2
    answer_at = context.index("Shin Tae-yong")
    first_window_end = windows[0].window.offsets[windows[0].window.context_end][1]
    assert answer_at > first_window_end
    span = reader.read(question, [context]).spans[0]
    assert span.text == "Shin Tae-yong" and span.start == answer_at


def test_max_answer_length_is_respected(reader):
    question = "Untuk apa Wang Yi menelepon Blinken?"
    item = reader.score_windows([question], [[TELEPHONE]])[0][0]
    window = item.window
    spans = top_token_spans(item.start_logits, item.end_logits, window.context_start, window.context_end, 3, 50)
    assert len(spans) == 50
    assert all(window.context_start <= s <= e <= window.context_end and e - s < 3 for s, e, _ in spans)
    assert [score for _, _, score in spans] == sorted((score for _, _, score in spans), reverse=True)
    allowed = {
        char_span(window, TELEPHONE, s, e)
        for s in range(window.context_start, window.context_end + 1)
        for e in range(s, min(s + 3, window.context_end + 1))
    }
    short = reader.with_config(max_answer_tokens=3).read(question, [TELEPHONE], top_n=10)
    assert len(short.spans) > 3
    assert all((span.start, span.end) in allowed for span in short.spans)


def test_unanswerable_question_leads_to_abstention(reader):
    answered = reader.read("Apa ibu kota Indonesia?", [CAPITAL])
    unanswered = reader.read("Siapa pelatih tim nasional sepak bola Indonesia?", [CAPITAL])
    assert unanswered.abstained and unanswered.answer is None
    assert unanswered.no_answer_score > answered.no_answer_score
    assert not answered.abstained
    # the threshold alone decides: the same outputs with threshold 0 give an answer
    assert reader.with_config(threshold=0.0).read("Siapa pelatih?", [CAPITAL]).answer is not None


@pytest.mark.parametrize(("engine", "tolerance"), [("torch", 1e-6), ("onnx-int8", 5e-3)])
def test_scores_are_comparable_across_contexts(reader, torch_reader, engine, tolerance):
    reader = torch_reader if engine == "torch" else reader
    question = "Siapa yang melatih tim nasional sepak bola Indonesia?"
    result = reader.read(question, [CAPITAL, FOOTBALL, TELEPHONE])
    assert result.answer.context_index == 1 and result.answer.text == "Shin Tae-yong"
    # a span's probability does not depend on which other contexts are read with it; int8 quantises each
    # batch's activations with one scale, so the windows read along move it by a few thousandths
    alone = reader.read(question, [FOOTBALL])
    assert abs(alone.answer.score - result.answer.score) < tolerance


def test_context_weights_scale_the_answers_of_their_context(reader):
    question = "Siapa yang melatih tim nasional sepak bola Indonesia?"
    plain = reader.read(question, [CAPITAL, FOOTBALL])
    weighted = reader.read(question, [CAPITAL, FOOTBALL], context_weights=[1.0, 0.5])
    assert weighted.answer.text == plain.answer.text == "Shin Tae-yong"
    assert abs(weighted.answer.score - 0.5 * plain.answer.score) < 1e-6


def test_duplicate_answers_are_merged_by_noisy_or(reader):
    question = "Siapa yang melatih tim nasional sepak bola Indonesia?"
    single = reader.read(question, [FOOTBALL, CAPITAL])
    double = reader.read(question, [FOOTBALL, CAPITAL, FOOTBALL])
    texts = [normalize_answer(s.text) for s in double.spans]
    assert len(texts) == len(set(texts))
    assert double.answer.text == "Shin Tae-yong" and double.answer.context_index in (0, 2)
    p = single.answer.score
    assert abs(double.answer.score - (1 - (1 - p) ** 2)) < 1e-6


def test_spans_never_cross_a_line_break(reader):
    contexts = [CAPITAL + "\n" + FOOTBALL]
    result = reader.read("Siapa pelatih tim nasional sepak bola Indonesia?", contexts, top_n=20)
    assert result.spans and all("\n" not in span.text for span in result.spans)


def test_a_bracket_left_open_by_the_model_is_closed():
    context = "Wang Yi menelepon Blinken pada Sabtu (5/3), menurut Kemenlu."
    closed = _span_of(context, "Sabtu (5/3")
    assert context[slice(*closed)] == "Sabtu (5/3)"
    opened = _span_of("Bahasa (Indonesia dan Melayu", "(Indonesia")
    assert opened[1] - opened[0] == len("Indonesia")


def test_a_bracket_the_model_closes_but_never_opened_is_dropped():
    context = "Pada babak semifinal, Matius akan berhadapan dengan Rentaro Kimura (Jepang)."
    assert context[slice(*_span_of(context, "Jepang)"))] == "Jepang"
    assert context[slice(*_span_of(context, "Kimura (Jepang)"))] == "Kimura (Jepang)"  # balanced: kept


@pytest.mark.parametrize(
    ("chosen", "shown"),
    [
        ("Senin (2/10).", "Senin (2/10)"),  # the sentence's full stop
        ("sampai 2020,", "sampai 2020"),
        ("Ujung Menteng;", "Ujung Menteng"),
        ("Andi S.H.", "Andi S.H."),  # an initial's point stays
    ],
)
def test_punctuation_that_ends_the_sentence_is_not_part_of_the_answer(chosen, shown):
    context = f"Ia meninggal dunia pada {chosen} Lalu dimakamkan."
    assert context[slice(*_span_of(context, chosen))] == shown


def _span_of(context: str, wanted: str) -> tuple[int, int]:
    """char_span over a one-token-per-character window, for the characters of ``wanted`` in ``context``."""
    offsets = [(0, 0)] + [(i, i + 1) for i in range(len(context))]
    window = Window(pair_index=0, input_ids=[0] * len(offsets), offsets=offsets, context_start=1,
                    context_end=len(context))
    first = context.index(wanted) + 1
    return char_span(window, context, first, first + len(wanted) - 1)


@pytest.mark.parametrize(
    ("inside", "whole"),
    [
        ("Jomart Tokayev", "Kassym-Jomart Tokayev"),  # starts inside a hyphenated name
        ("Kassym", "Kassym-Jomart"),
        ("Tae", "Tae-yong"),  # ends inside a hyphenated name
        ("000 unit", "8.000 unit"),  # a number's thousands point
        ("57", "57,8"),  # a decimal comma
        ("(5", "(5/3"),  # a day/month date
        ("enteri", "Menteri"),  # inside a plain word
        ("Ia", "Ia"),  # already whole
    ],
)
def test_spans_are_widened_to_whole_words(inside, whole):
    context = "Menteri Shin Tae-yong, Kassym-Jomart Tokayev: 8.000 unit, 57,8 persen, Sabtu (5/3). Ia pergi."
    start = context.index(inside)
    widened = whole_words(context, start, start + len(inside))
    assert context[widened[0] : widened[1]] == whole


def test_whole_words_keep_punctuation_that_ends_a_word_outside():
    context = "Kata Henry, \"Kami siap.\" Lalu pergi."
    start = context.index("Henry")
    assert whole_words(context, start, start + 3) == (start, start + len("Henry"))


def test_a_token_span_starting_inside_a_hyphenated_name_is_the_whole_name():
    context = "Presiden Kazakhstan Kassym-Jomart Tokayev berterima kasih."
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", context)]
    window = Window(pair_index=0, input_ids=[0] * (len(words) + 1), offsets=[(0, 0), *words],
                    context_start=1, context_end=len(words))
    jomart = next(i for i, (s, _) in enumerate(window.offsets) if context[s:].startswith("Jomart"))
    start, end = char_span(window, context, jomart, jomart + 1)
    assert context[start:end] == "Kassym-Jomart Tokayev"
