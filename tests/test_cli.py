"""The ``tanya`` console script, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.config import Settings

TANYA = str(Path(sys.executable).with_name("tanya"))
REPOSITORY = Path(__file__).resolve().parents[1]

TINY_POOL = [
    {"context": "Ibu kota Indonesia adalah Jakarta, kota terbesar di Pulau Jawa.",
     "qas": [{"id": "q1", "question": "Apa ibu kota Indonesia?", "is_impossible": False,
              "answers": [{"text": "Jakarta", "answer_start": 26}]}]},
    {"context": "Gunung Rinjani terletak di Pulau Lombok, Nusa Tenggara Barat.",
     "qas": [{"id": "q2", "question": "Di pulau mana Gunung Rinjani terletak?", "is_impossible": False,
              "answers": [{"text": "Pulau Lombok", "answer_start": 27}]}]},
    {"context": "Danau Toba adalah danau vulkanik besar di Sumatera Utara.", "qas": []},
]


def _tanya(settings: Settings, *args: str | bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "TANYA_CACHE_DIR": str(settings.cache_dir), "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": str(REPOSITORY)}  # this checkout's code, whichever checkout the script was installed from
    return subprocess.run([TANYA, *args], capture_output=True, text=True, env=env, timeout=600)


def test_ask_prints_the_answer_as_json(settings: Settings) -> None:
    result = _tanya(settings, "ask", "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["found"] and "Patrushev" in answer["text"]
    assert answer["document_id"] == "003_cdbb94ee7956bff6"
    assert answer["passage"][answer["start"]:answer["end"]] == answer["text"]


def test_ask_prints_a_readable_answer(settings: Settings) -> None:
    result = _tanya(settings, "ask", "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?")
    assert result.returncode == 0, result.stderr
    assert "Jawaban:" in result.stdout and "Tileuberdi" in result.stdout and "ANTARA" in result.stdout


def test_empty_question_is_an_error(settings: Settings) -> None:
    result = _tanya(settings, "ask", "  ")
    assert result.returncode == 2
    assert "question is empty" in result.stderr


def test_index_reports_the_folder(settings: Settings, articles: Path) -> None:
    result = _tanya(settings, "index", str(articles))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("5 artikel, 10 passage")


def test_index_of_a_missing_folder_is_an_error(settings: Settings, tmp_path: Path) -> None:
    result = _tanya(settings, "index", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "not a folder" in result.stderr


def test_eval_open_on_a_tiny_pool(settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "tiny.json"
    data.write_text(json.dumps(TINY_POOL), encoding="utf-8")
    result = _tanya(settings, "eval", "open", str(data), "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["questions"] == 2 and figures["passages"] == 3
    assert figures["recall@1"] == figures["recall@5"] == figures["mrr@10"] == 100.0
    assert figures["f1"] >= 50.0 and 0.0 <= figures["exact_match"] <= figures["f1"]
    assert figures["ms_per_question"] > 0
    assert figures["unanswerable"] == 0 and figures["declined"] is None


def test_eval_open_asks_unanswerable_questions_too(settings: Settings, tmp_path: Path) -> None:
    data, unanswerable = tmp_path / "tiny.json", tmp_path / "unanswerable.json"
    data.write_text(json.dumps(TINY_POOL), encoding="utf-8")
    unanswerable.write_text(json.dumps([{"context": TINY_POOL[2]["context"], "qas": [
        {"id": "u1", "question": "Siapa pemenang Piala Dunia 2018?", "is_impossible": True, "answers": []},
        {"id": "a1", "question": "Di provinsi mana Danau Toba?", "is_impossible": False,
         "answers": [{"text": "Sumatera Utara", "answer_start": 42}]}]}]), encoding="utf-8")
    result = _tanya(settings, "eval", "open", str(data), "--unanswerable", str(unanswerable), "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["questions"] == 2 and figures["passages"] == 3  # the shared context is one document
    assert figures["unanswerable"] == 1 and figures["declined"] == 100.0


def test_a_question_that_is_not_utf8_is_a_one_line_error(settings: Settings) -> None:
    result = _tanya(settings, "ask", b"\xff")
    assert result.returncode == 2
    assert result.stderr.startswith("tanya: ") and "UTF-8" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_archive_is_one_option_for_ask_and_serve() -> None:
    from corpus import ARCHIVE_ARTICLES, BUNDLED_ARTICLES
    from qa.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["ask", "Siapa?", "--archive"]).corpus == ARCHIVE_ARTICLES
    assert parser.parse_args(["ask", "Siapa?"]).corpus == BUNDLED_ARTICLES
    assert parser.parse_args(["serve", "--archive"]).corpus == ARCHIVE_ARTICLES
    assert parser.parse_args(["serve"]).corpus == BUNDLED_ARTICLES
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--archive", "--corpus", "x"])
    assert (ARCHIVE_ARTICLES / "indosum.jsonl.gz").is_file()
