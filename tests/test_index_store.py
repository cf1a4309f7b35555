"""The on-disk FAISS index: round trip, manifest checks, corruption, atomic writes, incremental updates."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import faiss
import numpy as np
import pytest

from corpus import ChunkingConfig, CorpusLoadWarning, Document, load_directory
from embeddings import (
    Encoder,
    IndexConfig,
    IndexCorruptedError,
    IndexMismatchError,
    IndexNotFoundError,
    PassageIndex,
    add_documents,
    build_index,
    check_compatible,
    read_manifest,
    remove_documents,
    update_index,
)
from embeddings.hashing import file_sha256
from embeddings.lexical import BM25Search

DOCUMENTS = [
    Document(id="kaz", text="Wang Yi menelepon Perdana Menteri Kazakhstan tentang kerusuhan di Almaty.", title="Kazakhstan"),
    Document(id="ukr", text="Wang Yi dan Antony Blinken membahas krisis di Ukraina lewat telepon.", title="Ukraina"),
    Document(id="rus", text="Wang Yi bertemu Nikolai Patrushev di Moskow pada bulan Februari.", title="Rusia"),
]


class CountingEncoder(Encoder):
    """The real encoder, counting how many passages it encodes."""

    def __init__(self, real: Encoder) -> None:
        super().__init__(real.model_dir, real.name, engine=real.engine, build_dir=real.build_dir)
        self.encoded = 0

    def encode_passages(self, texts):
        self.encoded += len(texts)
        return super().encode_passages(texts)


@pytest.fixture
def counting(encoder: Encoder) -> CountingEncoder:
    return CountingEncoder(encoder)


@pytest.fixture
def saved(tmp_path: Path, encoder: Encoder) -> tuple[PassageIndex, Path]:
    index = build_index(DOCUMENTS, encoder)
    root = tmp_path / "index"
    index.save(root)
    return index, root


def _top_document(index: PassageIndex, encoder: Encoder, question: str) -> str:
    [(position, _)] = index.search(encoder.encode_queries([question]), 1)[0][:1]
    return index.passages[position].document_id


def test_round_trip_gives_the_same_answers(saved, encoder: Encoder) -> None:
    index, root = saved
    loaded = PassageIndex.load(root)
    assert [p.id for p in loaded.passages] == [p.id for p in index.passages]
    assert loaded.documents == index.documents
    np.testing.assert_array_equal(loaded.vectors, index.vectors)
    assert _top_document(loaded, encoder, "Siapa yang ditemui Wang Yi di Moskow?") == "rus"


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_approximate_kinds_search_and_persist(tmp_path: Path, encoder: Encoder, kind: str) -> None:
    index = build_index(DOCUMENTS, encoder, config=IndexConfig(kind=kind))
    index.save(tmp_path / kind)
    loaded = PassageIndex.load(tmp_path / kind)
    assert loaded.kind == kind
    assert _top_document(loaded, encoder, "krisis Ukraina Blinken") == "ukr"


def test_missing_index_is_reported(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError):
        PassageIndex.load(tmp_path / "nothing")


def test_index_of_another_encoder_is_refused(saved, encoder: Encoder) -> None:
    _, root = saved
    other = dataclasses.replace(encoder.info, name="other-model", fingerprint="0" * 64)
    with pytest.raises(IndexMismatchError, match="other-model.*rebuild the index"):
        check_compatible(read_manifest(root), other, ChunkingConfig())
    with pytest.raises(IndexMismatchError, match="passages"):
        check_compatible(read_manifest(root), encoder.info, ChunkingConfig(max_words=120))
    check_compatible(read_manifest(root), encoder.info, ChunkingConfig())


def test_index_of_another_format_version_is_refused(saved) -> None:
    _, root = saved
    manifest_path = root / (root / "CURRENT").read_text() / "manifest.json"
    data = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**data, "format_version": 99}))
    with pytest.raises(IndexMismatchError, match="format version 99"):
        PassageIndex.load(root)


@pytest.mark.parametrize("victim", ["index.faiss", "passages.jsonl", "vectors.npy", "manifest.json"])
def test_corrupted_files_are_detected(saved, victim: str) -> None:
    _, root = saved
    path = root / (root / "CURRENT").read_text() / victim
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data[: len(data) - 7]))
    with pytest.raises(IndexCorruptedError):
        PassageIndex.load(root)


def test_crash_while_saving_keeps_the_last_good_index(saved, encoder: Encoder, monkeypatch) -> None:
    index, root = saved
    bigger, _ = add_documents(index, [Document(id="new", text="Berita baru tentang pemilu di Jakarta.")], encoder)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", crash)
    with pytest.raises(OSError, match="disk full"):
        bigger.save(root)
    loaded = PassageIndex.load(root)
    assert set(loaded.documents) == {"kaz", "ukr", "rus"}
    assert not [p for p in root.iterdir() if p.name.startswith(".tmp-")]


def test_adding_articles_encodes_only_the_new_ones(saved, counting: CountingEncoder) -> None:
    index, _ = saved
    new = Document(id="new", text="Presiden Joe Biden berkunjung ke Kiev secara mendadak.")
    bigger, encoded = add_documents(index, [new], counting)
    assert encoded == counting.encoded == 1
    assert set(bigger.documents) == {"kaz", "ukr", "rus", "new"}
    np.testing.assert_array_equal(bigger.vectors[:3], index.vectors)
    assert _top_document(bigger, counting, "Siapa yang berkunjung ke Kiev?") == "new"


def test_update_reencodes_only_changed_documents(saved, counting: CountingEncoder) -> None:
    index, _ = saved
    changed = dataclasses.replace(DOCUMENTS[0], text="Wang Yi menelepon Tokayev tentang Kazakhstan.")
    updated, report = update_index(index, [changed, DOCUMENTS[1]], counting)
    assert (report.changed, report.removed, report.unchanged, report.added) == (["kaz"], ["rus"], ["ukr"], [])
    assert counting.encoded == 1
    assert set(updated.documents) == {"kaz", "ukr"}
    assert updated.documents["kaz"].text.startswith("Wang Yi menelepon Tokayev")


def test_removing_articles(saved) -> None:
    index, _ = saved
    smaller = remove_documents(index, ["ukr"])
    assert set(smaller.documents) == {"kaz", "rus"}
    assert all(p.document_id != "ukr" for p in smaller.passages)
    with pytest.raises(KeyError, match="ukr"):
        remove_documents(smaller, ["ukr"])


def _live_dir(root: Path) -> Path:
    return root / (root / "CURRENT").read_text()


def _rewrite_manifest(root: Path, **changes) -> None:
    path = _live_dir(root) / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))


@pytest.mark.parametrize("text", ["[]", "null", '"manifest"', "42"])
def test_a_manifest_that_is_not_an_object_is_corrupted(saved, text: str) -> None:
    _, root = saved
    (_live_dir(root) / "manifest.json").write_text(text)
    with pytest.raises(IndexCorruptedError, match="manifest"):
        read_manifest(root)
    with pytest.raises(IndexCorruptedError):
        PassageIndex.load(root)


@pytest.mark.parametrize("changes", [
    {"index_kind": "annoy"},
    {"encoder": {"name": "e5", "fingerprint": "0" * 64, "dimension": "384"}},
    {"encoder": None},
    {"chunking": {"max_words": "lots"}},
    {"checksums": []},
    {"index_config": []},
    {"index_config": {"kind": "hnsw"}},
    {"index_config": {"kind": "flat", "storage": "fp4"}},
    {"index_config": {"kind": "flat", "colour": "blue"}},
])
def test_a_manifest_with_bad_values_is_corrupted(saved, changes: dict) -> None:
    _, root = saved
    _rewrite_manifest(root, **changes)
    with pytest.raises(IndexCorruptedError):
        PassageIndex.load(root)


def test_current_that_is_a_directory_is_corrupted(saved) -> None:
    _, root = saved
    (root / "CURRENT").unlink()
    (root / "CURRENT").mkdir()
    with pytest.raises(IndexCorruptedError, match="CURRENT"):
        PassageIndex.load(root)


def test_vectors_of_another_dimension_are_corrupted(saved) -> None:
    index, root = saved
    vectors = _live_dir(root) / "vectors.npy"
    np.save(vectors, index.vectors[:, :100])
    checksums = json.loads((_live_dir(root) / "manifest.json").read_text())["checksums"]
    _rewrite_manifest(root, checksums={**checksums, "vectors.npy": file_sha256(vectors)})
    with pytest.raises(IndexCorruptedError, match="dimension"):
        PassageIndex.load(root)


@pytest.mark.parametrize("pointer", ["../other/{v}", "{v}/../../other/{v}", "{root}/../other/{v}", "./{v}", "{v}\\x"])
def test_current_naming_a_path_is_refused(saved, tmp_path: Path, encoder: Encoder, pointer: str) -> None:
    _, root = saved
    other = tmp_path / "other"
    build_index(DOCUMENTS[:1], encoder).save(other)
    version = (other / "CURRENT").read_text()
    (root / "CURRENT").write_text(pointer.format(v=version, root=root))
    with pytest.raises(IndexCorruptedError, match="CURRENT"):
        read_manifest(root)
    with pytest.raises(IndexCorruptedError, match="CURRENT"):
        PassageIndex.load(root)


def test_a_folder_with_a_file_name_that_is_not_utf8_can_be_indexed(tmp_path: Path, encoder: Encoder) -> None:
    folder = tmp_path / "berita"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"bad\xffname.txt"), "wb") as handle:
        handle.write("Wali Kota Medan membuka Festival Danau Toba.".encode())
    with pytest.warns(CorpusLoadWarning, match="not valid UTF-8"):
        documents = load_directory(folder)
    build_index(documents, encoder).save(tmp_path / "index")
    assert set(PassageIndex.load(tmp_path / "index").documents) == {"bad\\xffname"}


def test_bm25_is_saved_with_the_index_and_read_back_not_rebuilt(saved, monkeypatch) -> None:
    index, root = saved
    expected = index.lexical.search("Patrushev Moskow", 3)

    def no_rebuild(texts):
        raise AssertionError("BM25 was rebuilt although the index holds it")

    monkeypatch.setattr(BM25Search, "build", no_rebuild)
    loaded = PassageIndex.load(root)
    assert loaded.lexical.search("Patrushev Moskow", 3) == expected
    assert expected and loaded.passages[expected[0][0]].document_id == "rus"


def test_a_damaged_bm25_file_is_a_damaged_index(saved) -> None:
    _, root = saved
    [vocabulary] = root.glob("v-*/bm25/vocab.index.json")
    vocabulary.write_text("{}")
    with pytest.raises(IndexCorruptedError, match="checksum"):
        PassageIndex.load(root)
