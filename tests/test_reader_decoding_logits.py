"""Span decoding on logits chosen by hand (pure numpy, no model): ranking, overlaps, abstention, merging."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from qa.reader.config import ReaderConfig
from qa.reader.decoding import decode, top_token_spans
from synthetic_reader import scored_window, word_window

MEETING = "Menlu AS Antony Blinken bertemu Wang Yi di Beijing pada Sabtu."
CONFIG = ReaderConfig(threshold=0.3)


def _overlap(a, b) -> bool:
    return a.context_index == b.context_index and a.start < b.end and b.start < a.end


def test_spans_overlapping_a_better_one_are_dropped() -> None:
    # "Antony Blinken" 10, "Antony Blinken bertemu Wang Yi" 9, "Blinken" 8 and "Blinken bertemu Wang Yi" 7 overlap
    # the best; "Wang Yi" 8 does not
    item = scored_window(MEETING, starts={"Antony": 5.0, "Blinken": 3.0, "Wang": 4.0},
                         ends={"Blinken": 5.0, "Yi": 4.0})
    result = decode([item], [MEETING], CONFIG, top_n=10)
    assert [s.text for s in result.spans[:2]] == ["Antony Blinken", "Wang Yi"]
    assert not any(_overlap(a, b) for i, a in enumerate(result.spans) for b in result.spans[i + 1:])
    assert "Blinken" not in [s.text for s in result.spans]


def test_a_span_is_the_softmax_of_its_logit_over_the_window_with_no_answer() -> None:
    item = scored_window("Wang Yi di Beijing", starts={"Beijing": 2.0}, ends={"Beijing": 2.0}, no_answer=3.0)
    config = dataclasses.replace(CONFIG, spans_per_window=1, temperature=2.0)
    result = decode([item], ["Wang Yi di Beijing"], config)
    expected = math.exp(4.0 / 2) / (math.exp(4.0 / 2) + math.exp(3.0 / 2))
    assert result.answer.text == "Beijing" and result.answer.score == pytest.approx(expected)
    assert result.no_answer_score == pytest.approx(1 - expected)


def test_no_answer_logits_above_every_span_make_the_reader_abstain() -> None:
    item = scored_window(MEETING, starts={"Beijing": 1.0}, ends={"Beijing": 1.0}, no_answer=8.0)
    result = decode([item], [MEETING], CONFIG)
    assert result.abstained and result.answer is None and result.no_answer_score > 0.9
    assert result.spans[0].text == "Beijing"  # still ranked, only withheld
    assert decode([item], [MEETING], dataclasses.replace(CONFIG, threshold=0.0)).answer.text == "Beijing"


def test_a_higher_temperature_lowers_a_confident_answer() -> None:
    item = scored_window(MEETING, starts={"Beijing": 6.0}, ends={"Beijing": 6.0})
    cold = decode([item], [MEETING], dataclasses.replace(CONFIG, temperature=1.0)).answer.score
    warm = decode([item], [MEETING], dataclasses.replace(CONFIG, temperature=3.0)).answer.score
    assert 0.0 < warm < cold < 1.0


def test_token_spans_shown_as_the_same_answer_add_up_their_probabilities() -> None:
    context = "Matius melawan Kimura ( Jepang ) di semifinal"
    config = dataclasses.replace(CONFIG, spans_per_window=2)
    alone = scored_window(context, starts={"Jepang": 3.0}, ends={"Jepang": 3.0, "di": 2.0}, no_answer=6.0)
    doubled = scored_window(context, starts={"Jepang": 3.0}, ends={"Jepang": 3.0, ")": 3.0}, no_answer=6.0)
    single, both = decode([alone], [context], config).answer, decode([doubled], [context], config).answer
    assert single.text == both.text == "Jepang"  # "Jepang )" loses the bracket it never opened
    expected = 2 * math.exp(6.0) / (2 * math.exp(6.0) + math.exp(6.0))
    assert both.score == pytest.approx(expected) and both.score > single.score


def test_the_same_span_in_two_windows_counts_once_and_the_same_text_in_two_contexts_twice() -> None:
    item = scored_window(MEETING, starts={"Beijing": 4.0}, ends={"Beijing": 4.0}, no_answer=6.0)
    once = decode([item], [MEETING], CONFIG).answer.score
    assert decode([item, item], [MEETING], CONFIG).answer.score == pytest.approx(once)  # overlapping windows
    other = dataclasses.replace(item, context_index=1)
    both = decode([item, other], [MEETING, MEETING], CONFIG, top_n=10)
    assert both.answer.score == pytest.approx(1 - (1 - once) ** 2)  # noisy-or of two sources
    assert [s.text for s in both.spans].count("Beijing") == 1


def test_a_context_weight_scales_its_answers() -> None:
    item = scored_window(MEETING, starts={"Beijing": 4.0}, ends={"Beijing": 4.0})
    plain = decode([item], [MEETING], CONFIG).answer.score
    assert decode([item], [MEETING], CONFIG, context_weights=[0.5]).answer.score == pytest.approx(0.5 * plain)


def test_a_span_never_crosses_a_line_break() -> None:
    context = "Wang Yi bertemu\nAntony Blinken di Beijing."
    item = scored_window(context, starts={"Wang": 6.0, "Antony": 2.0}, ends={"Blinken": 6.0})
    result = decode([item], [context], CONFIG, top_n=20)
    assert result.spans and all("\n" not in s.text for s in result.spans)
    assert result.spans[0].text == "Antony Blinken"


def test_nothing_to_read_is_an_abstention() -> None:
    result = decode([], [], CONFIG)
    assert result.abstained and result.spans == [] and result.no_answer_score == 1.0


def test_top_token_spans_keep_inside_the_context_and_the_length_limit() -> None:
    window = word_window(MEETING)
    rng = np.random.default_rng(0)
    starts, ends = rng.normal(size=len(window.offsets)), rng.normal(size=len(window.offsets))
    starts[0] = ends[0] = 50.0  # <s> is never a span
    spans = top_token_spans(starts, ends, window.context_start, window.context_end, max_answer_tokens=3, k=100)
    length = window.context_end - window.context_start + 1
    assert len(spans) == 3 * length - 3  # every span of 1, 2 or 3 tokens
    assert all(window.context_start <= s <= e < s + 3 and e <= window.context_end for s, e, _ in spans)
    assert [score for _, _, score in spans] == sorted((score for _, _, score in spans), reverse=True)
    assert spans[0][2] == pytest.approx(max(starts[s] + ends[e] for s, e, _ in spans))
