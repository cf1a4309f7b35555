"""Passages read from the index's file when asked for: the same passages as the list, in the same order."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from corpus import Passage
from embeddings import index_store
from embeddings.passage_file import PassageFile
from synthetic_vectors import clustered_vectors, synthetic_index

PASSAGES = [Passage(id=f"d{i // 3}#{i % 3}", document_id=f"d{i // 3}", index=i % 3,
                    text=f"Kalimat ke-{i}: “berita” dengan kutipan\n dan baris.", start=0, end=10) for i in range(10)]


def write_passages(path: Path, passages: list[Passage]) -> Path:
    path.write_text("".join(json.dumps(dataclasses.asdict(p), ensure_ascii=False) + "\n" for p in passages),
                    encoding="utf-8")
    return path


def test_the_file_reads_back_every_passage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("embeddings.passage_file.SCAN_BYTES", 64)  # line ends found across several scans
    passages = PassageFile(write_passages(tmp_path / "passages.jsonl", PASSAGES))
    assert len(passages) == len(PASSAGES)
    assert list(passages) == PASSAGES
    assert (passages[-1], passages[2:5]) == (PASSAGES[-1], PASSAGES[2:5])
    with pytest.raises(IndexError):
        passages[len(PASSAGES)]


def test_an_empty_file_holds_no_passages(tmp_path: Path) -> None:
    assert list(PassageFile(write_passages(tmp_path / "passages.jsonl", []))) == []


def test_a_large_index_is_loaded_with_its_passages_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = synthetic_index(clustered_vectors(300), index_store.IndexConfig(kind="flat"))
    index.save(tmp_path)
    monkeypatch.setattr(index_store, "PASSAGES_ON_DISK_FROM", 300)
    loaded = index_store.PassageIndex.load(tmp_path)
    assert isinstance(loaded.passages, PassageFile)
    assert list(loaded.passages) == index.passages
    assert loaded.passages_of("doc") == index.passages_of("doc")
    monkeypatch.setattr(index_store, "PASSAGES_ON_DISK_FROM", 301)
    assert isinstance(index_store.PassageIndex.load(tmp_path).passages, list)
