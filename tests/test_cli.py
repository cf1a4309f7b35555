"""The ``tanya`` console script, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.cli import TOOLS, main
from qa.config import Settings
from qa.training.data import DATA_DIR_VARIABLE

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


def test_ask_spells_out_the_date_an_answer_means(settings: Settings) -> None:
    result = _tanya(settings, "ask", "Kapan Wang Yi bertemu Patrushev di Moskow?")
    assert result.returncode == 0, result.stderr
    assert "→ Selasa, 21 Februari 2023" in result.stdout.split("Tanggal: ")[1].splitlines()[0], result.stdout


@pytest.fixture
def no_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that gets as far as loading the encoder: arguments are checked before."""
    def refuse(*args, **kwargs):
        raise AssertionError("the encoder was loaded")

    monkeypatch.setattr("embeddings.Encoder.from_name", refuse)


def test_empty_question_is_an_error(no_models: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "  "]) == 2
    assert "question is empty" in capsys.readouterr().err


def test_index_reports_the_folder(settings: Settings, articles: Path) -> None:
    result = _tanya(settings, "index", str(articles))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("5 artikel, 10 passage")


def test_index_of_a_missing_folder_is_an_error(no_models: None, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"tanya: not a folder of articles: {tmp_path / 'nowhere'}\n"


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


def test_eval_questions_reports_consistent_figures_and_misses(settings: Settings, tmp_path: Path) -> None:
    everything = json.loads((REPOSITORY / "tests" / "data" / "dev_questions_bundled.json").read_text(encoding="utf-8"))
    sample = [q for q in everything["questions"] if q["answers"]][:3] + [q for q in everything["questions"]
                                                                        if not q["answers"]][:2]
    data = tmp_path / "sample.json"
    data.write_text(json.dumps({"description": "sample", "questions": sample}), encoding="utf-8")
    result = _tanya(settings, "eval", "questions", str(data), "--misses", "--json")
    assert result.returncode == 0, result.stderr
    *misses, last = result.stdout.strip().splitlines()
    figures = json.loads(last)
    assert (figures["questions"], figures["answerable"], figures["unanswerable"]) == (5, 3, 2)
    assert 0 <= figures["right_article"] <= 3
    assert figures["right_article_rate"] == round(100 * figures["right_article"] / 3, 1)
    assert 0.0 <= figures["exact_match"] <= figures["f1"] <= 100.0
    declined = int(figures["declined"].split("/")[0])
    assert figures["declined"].endswith("/2") and figures["declined_rate"] == 50.0 * declined
    assert figures["declined_answerable"].endswith("/3") and figures["ms_per_question"] > 0
    wrong = round(3 * (1 - figures["exact_match"] / 100)) + 2 - declined
    assert sum(line.startswith("- ") for line in misses) == wrong


def test_a_question_that_is_not_utf8_is_a_one_line_error(settings: Settings) -> None:
    result = _tanya(settings, "ask", b"\xff")
    assert result.returncode == 2
    assert result.stderr.startswith("tanya: ") and "UTF-8" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_every_offline_tool_has_its_help(tool: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([tool, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: tanya {tool} ")


def test_other_commands_still_refuse_unknown_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["ask", "Apa?", "--no-such-option"])
    assert stop.value.code == 2 and "unrecognized arguments: --no-such-option" in capsys.readouterr().err


def test_the_training_data_folder_must_be_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(DATA_DIR_VARIABLE, raising=False)
    with pytest.raises(SystemExit):
        main(["calibrate-reader", str(tmp_path)])
    assert "required: --data-dir" in capsys.readouterr().err
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "nowhere"))
    with pytest.raises(SystemExit):
        main(["train-reader", "--output", str(tmp_path / "reader")])
    assert f"{tmp_path / 'nowhere'} does not exist (give --data-dir or set ${DATA_DIR_VARIABLE})" in capsys.readouterr().err


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
