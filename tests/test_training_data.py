"""Training questions of the reader: sources, SQuAD-id sampling and off-topic passages (tiny fixture files)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from qa.qa_records import GoldAnswer, QARecord
from qa.training.training_data import (
    OFF_TOPIC,
    REPORTED_SPEECH,
    TRAINING_FILES,
    off_topic_records,
    swapped_records,
    training_records,
)


def _write(path: Path, topic: str, answerable: int, unanswerable: int) -> None:
    qas = [{"id": f"{topic}{i}", "question": f"Siapa {topic} {i}?", "is_impossible": False,
            "answers": [{"text": topic, "answer_start": 0}]} for i in range(answerable)]
    qas += [{"id": f"{topic}x{i}", "question": f"Kapan {topic} {i}?", "is_impossible": True, "answers": []}
            for i in range(unanswerable)]
    items = [{"context": f"{topic} adalah bagian dari cerita {j}.", "qas": qas[j::3]} for j in range(3)]
    path.write_text(json.dumps(items))


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    for name, file in TRAINING_FILES.items():
        _write(tmp_path / file, name, answerable=6, unanswerable=3)
    return tmp_path


def test_sources_sample_squad_and_keep_only_idk_unanswerables(data_dir: Path):
    sources = training_records(data_dir, TRAINING_FILES, squad_answerable=2, squad_unanswerable=1, seed=3)
    assert set(sources) == set(TRAINING_FILES)
    assert all(r.is_impossible for r in sources["idk_mrc_unanswerable"]) and len(sources["idk_mrc_unanswerable"]) == 3
    assert sorted(r.is_impossible for r in sources["squad_id"]) == [False, False, True]
    assert len(sources["tydiqa"]) == len(sources["facqa"]) == 9


def test_off_topic_questions_come_after_the_other_sources_unchanged(data_dir: Path):
    plain = training_records(data_dir, TRAINING_FILES, 2, 1, seed=3)
    mixed = training_records(data_dir, TRAINING_FILES, 2, 1, seed=3, off_topic=4)
    assert {name: mixed[name] for name in plain} == plain
    assert len(mixed[OFF_TOPIC]) == 4 and all(r.is_impossible for r in mixed[OFF_TOPIC])


def test_reported_speech_questions_are_repeated_after_the_other_sources(data_dir: Path):
    (data_dir / TRAINING_FILES["facqa"]).write_text(json.dumps([{"context": (
        "Kepala BMKG Dwikorita Karnawati mengatakan hujan lebat akan turun pekan depan."), "qas": [
        {"id": "f", "question": "Kapan hujan lebat turun?", "is_impossible": False,
         "answers": [{"text": "pekan depan", "answer_start": 65}]}]}]))
    plain = training_records(data_dir, TRAINING_FILES, 2, 1, seed=3, off_topic=2)
    mixed = training_records(data_dir, TRAINING_FILES, 2, 1, seed=3, off_topic=2, reported_speech_repeats=2)
    assert {name: mixed[name] for name in plain} == plain
    assert [r.answers[0].text for r in mixed[REPORTED_SPEECH]] == ["hujan lebat akan turun pekan depan"] * 2


def test_off_topic_records_pair_each_question_with_another_passage():
    records = [QARecord(f"q{i}", f"Siapa {i}?", f"Konteks {i % 3}.", (GoldAnswer("Konteks", 0),)) for i in range(9)]
    by_id = {r.id: r for r in records}
    paired = off_topic_records(records, 5, random.Random(0))
    assert len(paired) == 5 and len({r.id for r in paired}) == 5
    for record in paired:
        original = by_id[record.id.removesuffix("-off-topic")]
        assert record.question == original.question
        assert record.context != original.context and record.context in {r.context for r in records}
        assert record.answers == ()
    assert off_topic_records(records, 5, random.Random(0)) == paired


def test_off_topic_needs_two_passages():
    records = [QARecord("q", "Siapa?", "Satu konteks.", (GoldAnswer("Satu", 0),))]
    with pytest.raises(ValueError, match="two passages"):
        off_topic_records(records, 1, random.Random(0))


def test_swapped_twins_are_unanswerable_over_their_own_passage():
    records = [QARecord("a", "Siapa juara Piala Dunia 2018?", "Prancis juara Piala Dunia 2018.", (GoldAnswer("Prancis", 0),)),
               QARecord("b", "Kapan Budi Santoso lahir?", "Budi Santoso lahir pada 1970.", (GoldAnswer("1970", 25),)),
               QARecord("c", "Kapan itu?", "Tidak ada.", ())]
    twins = swapped_records(records, 5, random.Random(0))
    assert sorted(t.id for t in twins) == ["a-swapped", "b-swapped"]
    for twin in twins:
        original = next(r for r in records if f"{r.id}-swapped" == twin.id)
        assert twin.context == original.context and twin.answers == () and twin.question != original.question
    assert len(swapped_records(records, 1, random.Random(0))) == 1


def test_training_shows_its_progress_under_the_command_lines_warning_level(capsys):
    import logging

    from qa.training import train

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logging.basicConfig(level=logging.WARNING, force=True)  # what `tanya` sets without --verbose
    train.show_progress()
    try:
        train.logger.info("step 25/100")
    finally:
        train.logger.handlers.clear()
        train.logger.propagate = True
        train.logger.setLevel(logging.NOTSET)
        root.handlers[:] = handlers
        root.setLevel(level)
    assert "step 25/100" in capsys.readouterr().err
