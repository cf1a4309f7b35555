"""The open-domain pool of ``tanya eval open``: documents and questions from tiny data files."""

from __future__ import annotations

import json
from pathlib import Path

from qa.evaluation import build_pool


def _file(path: Path, contexts: dict[str, list[tuple[str, str | None]]]) -> Path:
    items = [{"context": context, "qas": [
        {"id": question, "question": question, "is_impossible": answer is None,
         "answers": [] if answer is None else [{"text": answer, "answer_start": context.index(answer)}]}
        for question, answer in questions]} for context, questions in contexts.items()]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_pool_asks_answerable_questions_of_files_and_unanswerable_ones_of_their_own_files(tmp_path: Path):
    asked = _file(tmp_path / "asked.json", {"Jakarta ibu kota.": [("Apa ibu kota?", "Jakarta"), ("Siapa?", None)]})
    distractor = _file(tmp_path / "distractor.json", {"Jakarta ibu kota.": [], "Toba danau.": [("Apa?", "Toba")]})
    unanswerable = _file(tmp_path / "idk.json", {"Jakarta ibu kota.": [("Kapan?", None), ("Apa ibu kota?", "Jakarta")],
                                                "Rinjani gunung.": [("Berapa?", None)]})
    documents, questions = build_pool([asked], [distractor], [unanswerable])
    assert [d.text for d in documents] == ["Jakarta ibu kota.", "Toba danau.", "Rinjani gunung."]
    assert [(q.question, q.document_id, q.answers) for q in questions] == [
        ("Apa ibu kota?", "ctx-0", ("Jakarta",)), ("Kapan?", "ctx-0", ()), ("Berapa?", "ctx-2", ())]
    assert build_pool([asked], [distractor]) == (documents[:2], questions[:1])
