"""A replica keeps answering from the index it holds when the newly saved version cannot be read, and takes up
the next good one: :meth:`qa.Assistant.refresh` on real saved indexes (synthetic vectors, a stand-in encoder:
no models), then the same through a real replica process (:mod:`qa.replicas`)."""

from __future__ import annotations

import dataclasses
import functools
import logging
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest
from synthetic_vectors import ENCODER, clustered_vectors, synthetic_index

from embeddings import IndexConfig, PassageIndex, current_version
from qa.answer import Answer, ArticleRef
from qa.assistant import Assistant
from qa.config import Settings
from qa.replicas import ReplicaPool, _refresh

FLAT = IndexConfig(kind="flat")


def save_version(root: Path, size: int, encoder=ENCODER) -> str:
    """A new live version of ``size`` synthetic passages under ``root``; its name."""
    index = synthetic_index(clustered_vectors(size), FLAT)
    index.encoder = encoder
    index.save(root)
    return index.version


def assistant_over(root: Path) -> Assistant:
    """An assistant over the saved index at ``root``, its encoder a stand-in that never encodes (refresh only
    reads the encoder's identity) and no reader (refresh reads nothing)."""
    encoder = SimpleNamespace(info=ENCODER, warm_up=lambda: None)
    return Assistant(PassageIndex.load(root), encoder, reader=SimpleNamespace(), index_dir=root,
                     settings=Settings(cache_dir=root.parent / "cache", retrieval="dense"))


def damage_vectors(root: Path) -> None:
    (root / current_version(root) / "vectors.npy").write_bytes(b"not vectors")


def remove_version(root: Path) -> None:
    shutil.rmtree(root / current_version(root))


def garble_pointer(root: Path) -> None:
    (root / "CURRENT").write_text("../../etc", encoding="utf-8")


def another_encoders_version(root: Path) -> None:
    save_version(root, 150, dataclasses.replace(ENCODER, fingerprint="0" * 64))


DAMAGES: dict[str, Callable[[Path], None]] = {
    "damaged vectors": damage_vectors, "version missing": remove_version, "CURRENT garbled": garble_pointer,
    "another encoder": another_encoders_version,
}
"""Ways the version a replica finds in ``CURRENT`` cannot be used (the first two after a good save)."""


def break_new_version(root: Path, damage: str) -> None:
    if damage in ("damaged vectors", "version missing"):
        save_version(root, 150)
    DAMAGES[damage](root)


@pytest.mark.parametrize("damage", DAMAGES)
def test_the_index_held_is_kept_when_the_new_version_cannot_be_read(damage: str, tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "index"
    first = save_version(root, 120)
    assistant = assistant_over(root)
    held = assistant.index
    break_new_version(root, damage)
    with caplog.at_level(logging.WARNING, logger="qa.assistant"):
        assert assistant.refresh() is False
    assert assistant.index is held and held.version == first and len(held) == 120
    assert held.search(held.vectors[:1], 1)[0][0][0] == 0  # still searchable
    assert "cannot be taken up" in caplog.text

    newest = save_version(root, 130)  # the next good version is taken up
    assert assistant.refresh() is True
    assert assistant.index.version == newest and len(assistant.index) == 130
    assert assistant.refresh() is False  # nothing newer


def test_a_refresh_that_fails_unexpectedly_is_logged_and_the_replica_lives_on(caplog: pytest.LogCaptureFixture
                                                                             ) -> None:
    def fail() -> bool:
        raise OSError("disk gone")

    with caplog.at_level(logging.ERROR, logger="qa.replicas"):
        _refresh(SimpleNamespace(refresh=fail), 1)
    assert "replica 1 could not take up the new index" in caplog.text and "disk gone" in caplog.text


class VersionTeller:
    """A replica's answerer over a real saved index: answers with the version of the index it holds."""

    def __init__(self, root: Path) -> None:
        self.assistant = assistant_over(root)

    @property
    def index(self) -> PassageIndex:
        return self.assistant.index

    def refresh(self) -> bool:
        return self.assistant.refresh()

    def ask(self, question: str, top_k: int | None = None, history: Sequence[str] = ()) -> Answer:
        return Answer(question=question, text=f"{self.index.version} {len(self.index)}", found=True, score=1.0,
                      article=ArticleRef("doc"))


def test_a_replica_answers_from_its_index_while_the_new_version_cannot_be_read(tmp_path: Path) -> None:
    root = tmp_path / "index"
    first = save_version(root, 120)
    with ReplicaPool(functools.partial(VersionTeller, root), 1, answer_timeout_s=60.0, start_timeout_s=60.0) as pool:
        pool.start()
        assert pool.ask("versi?").text == f"{first} 120"
        for damage in DAMAGES:
            break_new_version(root, damage)
            assert pool.ask("versi?").text == f"{first} 120", damage
        newest = save_version(root, 130)
        assert pool.ask("versi?").text == f"{newest} 130"
        assert [r.restarts for r in pool.status()] == [0]

