"""``evaluate_reader`` on a tiny hand-checked file: keys, scale and consistency with ``read()``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.metrics import exact_match, f1_score
from qa.training.reader_eval import evaluate_reader

CAPITAL = "Jakarta adalah ibu kota Indonesia. Kota ini terletak di pesisir utara Pulau Jawa."
FOOTBALL = "Tim nasional sepak bola Indonesia dilatih oleh Shin Tae-yong sejak tahun 2020."
ITEMS = [
    {"context": CAPITAL, "qas": [
        {"id": "q1", "question": "Apa ibu kota Indonesia?", "is_impossible": False,
         "answers": [{"text": "Jakarta", "answer_start": 0}]},
        {"id": "q2", "question": "Siapa presiden pertama Indonesia?", "is_impossible": True, "answers": []},
    ]},
    {"context": FOOTBALL, "qas": [
        {"id": "q3", "question": "Sejak tahun berapa Shin Tae-yong melatih tim nasional?", "is_impossible": False,
         "answers": [{"text": "2020", "answer_start": 73}, {"text": "tahun 2020", "answer_start": 67}]},
    ]},
]


def test_eval_figures_match_the_predictions(reader, tmp_path: Path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(ITEMS), encoding="utf-8")
    figures = evaluate_reader(path, reader)
    assert set(figures) == {"questions", "exact_match", "f1", "has_answer_f1", "no_answer_accuracy", "ms_per_question"}

    scores = []
    for item in ITEMS:
        for qa in item["qas"]:
            answer = reader.read(qa["question"], [item["context"]]).answer
            text = answer.text if answer else ""
            golds = [a["text"] for a in qa["answers"]]
            scores.append((exact_match(text, golds), f1_score(text, golds), qa["is_impossible"]))
    assert scores[0][:2] == (1.0, 1.0)  # "Jakarta", checked by hand
    assert figures["questions"] == 3
    assert figures["exact_match"] == pytest.approx(100 * sum(s[0] for s in scores) / 3, abs=0.01)
    assert figures["f1"] == pytest.approx(100 * sum(s[1] for s in scores) / 3, abs=0.01)
    assert figures["has_answer_f1"] == pytest.approx(50 * (scores[0][1] + scores[2][1]), abs=0.01)
    assert figures["no_answer_accuracy"] == 100 * scores[1][0]
    assert figures["ms_per_question"] > 0


def test_file_without_unanswerable_questions_has_no_no_answer_accuracy(reader, tmp_path: Path):
    path = tmp_path / "answerable.json"
    path.write_text(json.dumps(ITEMS[1:]), encoding="utf-8")
    figures = evaluate_reader(path, reader)
    assert figures["questions"] == 1 and figures["no_answer_accuracy"] is None


def test_off_topic_reads_each_answerable_question_over_the_other_context(reader, tmp_path: Path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(ITEMS), encoding="utf-8")
    figures = evaluate_reader(path, reader, off_topic=True)
    # Two contexts: the capital question goes to the football passage and the other way round.
    declined = [reader.read(ITEMS[0]["qas"][0]["question"], [FOOTBALL]).answer is None,
                reader.read(ITEMS[1]["qas"][0]["question"], [CAPITAL]).answer is None]
    assert figures["questions"] == 2 and figures["has_answer_f1"] is None
    assert figures["no_answer_accuracy"] == pytest.approx(50 * sum(declined), abs=0.01)
