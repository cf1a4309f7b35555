"""The one loader of ``{context, qas}`` files, and its one rule for unanswerable questions."""

from __future__ import annotations

import json
from pathlib import Path

from qa.evaluation import build_pool
from qa.qa_records import GoldAnswer, read_contexts, read_qa_file

CONTEXT = "Jakarta ibu kota Indonesia."


def _write(path: Path, qas: list[dict]) -> Path:
    path.write_text(json.dumps([{"context": CONTEXT, "qas": qas}, {"context": "Toba danau."}]), encoding="utf-8")
    return path


def test_impossible_or_without_answers_is_unanswerable_and_keeps_no_answers(tmp_path: Path) -> None:
    path = _write(tmp_path / "data.json", [
        {"id": "a", "question": "Apa ibu kota?", "is_impossible": False,
         "answers": [{"text": "Jakarta", "answer_start": 0}]},
        {"id": "b", "question": "Kapan?", "is_impossible": True, "answers": [{"text": "Jakarta", "answer_start": 0}]},
        {"id": "c", "question": "Siapa?", "answers": []},  # no is_impossible: empty answers decide
    ])
    records = read_qa_file(path)
    assert [(r.id, r.is_impossible, r.answers) for r in records] == [
        ("a", False, (GoldAnswer("Jakarta", 0),)), ("b", True, ()), ("c", True, ())]
    assert [len(c.questions) for c in read_contexts(path)] == [3, 0]


def test_the_pool_follows_the_same_rule(tmp_path: Path) -> None:
    path = _write(tmp_path / "data.json", [
        {"id": "a", "question": "Apa ibu kota?", "answers": [{"text": "Jakarta", "answer_start": 0}]},
        {"id": "b", "question": "Kapan?", "is_impossible": True, "answers": [{"text": "Jakarta", "answer_start": 0}]},
    ])
    documents, asked = build_pool([path])
    assert [(q.question, q.answers) for q in asked] == [("Apa ibu kota?", ("Jakarta",))]
    _, declined = build_pool([_write(tmp_path / "empty.json", [])], unanswerable=[path])
    assert [(q.question, q.answers) for q in declined] == [("Kapan?", ())]  # its listed answer is not gold
    assert [d.text for d in documents] == [CONTEXT, "Toba danau."]
