"""Indexing a stream of articles in shards: the folder is read lazily, and shards give the index one batch gives."""

from __future__ import annotations

import gc
import hashlib
import weakref
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import embeddings.sharded
from corpus import ArticleFolder, CorpusLoadWarning, Document, load_directory
from embeddings import PassageIndex, build_index, read_manifest, update_index
from embeddings.encoder import EncoderInfo
from embeddings.sharded import plan_update, write_index

DIMENSION = 16


class HashEncoder:
    """A stand-in encoder for pure index logic: each text's vector is drawn from a generator seeded by its hash."""

    info = EncoderInfo(name="hash", fingerprint="0" * 64, dimension=DIMENSION)

    def __init__(self, fail_after: int | None = None) -> None:
        self.encoded: list[str] = []
        self.fail_after = fail_after

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if self.fail_after is not None and len(self.encoded) + len(texts) > self.fail_after:
            raise KeyboardInterrupt("stopped while encoding")
        self.encoded.extend(texts)
        vectors = np.stack([np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16))
                            .standard_normal(DIMENSION) for t in texts]).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _articles(count: int, edition: int = 0) -> list[Document]:
    return [Document(id=f"berita-{n:03d}", title=f"Berita {n}",
                     text=" ".join(f"Kalimat {k} dari berita {n} edisi {edition} tentang jembatan desa." for k in
                                   range(5 + n % 40)))
            for n in range(count)]


def _files(version: Path) -> dict[str, bytes]:
    return {name: (version / name).read_bytes() for name in ("documents.jsonl", "passages.jsonl", "index.faiss")}


def _live(root: Path) -> Path:
    return root / (root / "CURRENT").read_text()


def test_the_folder_is_read_one_file_at_a_time(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Berita nomor {n} tentang banjir di kota.", encoding="utf-8")
    folder = iter(ArticleFolder(tmp_path))
    assert next(folder).id == "0"
    (tmp_path / "2.txt").write_bytes(b"\x00\x01 rusak")  # changed after the first article was read
    with pytest.warns(CorpusLoadWarning, match="2.txt.*binary"):
        rest = [d.id for d in folder]
    assert rest == ["1"]
    with pytest.warns(CorpusLoadWarning):
        assert [d.id for d in ArticleFolder(tmp_path)] == [d.id for d in load_directory(tmp_path)] == ["0", "1"]


def test_a_bad_file_is_skipped_with_its_reason_and_the_rest_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for document in _articles(4):
        (folder / f"{document.id}.txt").write_text(document.text, encoding="utf-8")
    (folder / "rusak.txt").write_bytes(b"\xff\xfe bukan UTF-8")
    with pytest.warns(CorpusLoadWarning, match="rusak.txt: not valid UTF-8"):
        index, _ = write_index(tmp_path / "index", None, ArticleFolder(folder), HashEncoder())
    assert sorted(index.documents) == [d.id for d in _articles(4)]


@pytest.mark.parametrize("shard", [1, 3, 64])
def test_indexing_in_shards_gives_the_index_of_one_batch(tmp_path: Path, monkeypatch, shard: int) -> None:
    articles = _articles(20)
    whole = build_index(articles, HashEncoder())
    whole.save(tmp_path / "whole")
    monkeypatch.setattr(embeddings.sharded, "SHARD_DOCUMENTS", shard)
    sharded, update = write_index(tmp_path / "sharded", None, articles, HashEncoder())
    assert _files(_live(tmp_path / "sharded")) == _files(_live(tmp_path / "whole"))
    np.testing.assert_array_equal(sharded.vectors, whole.vectors)
    expected, got = (read_manifest(tmp_path / name).to_dict() for name in ("whole", "sharded"))
    assert {**got, "created_at": 0} == {**expected, "created_at": 0}  # checksums and corpus fingerprint too
    assert update.added == [d.id for d in articles] and update.encoded_passages == len(whole)


def test_an_update_in_shards_encodes_only_new_and_changed_articles(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(embeddings.sharded, "SHARD_DOCUMENTS", 4)
    old, root = _articles(12), tmp_path / "index"
    write_index(root, None, old, HashEncoder())
    new = [*old[:3], *_articles(12, edition=1)[3:5], *old[6:], *_articles(14)[12:]]  # 2 changed,
    index = PassageIndex.load(root)                                                          # 1 gone, 2 added
    plan = plan_update(index, new, index.chunking)
    encoder = HashEncoder()
    updated, update = write_index(root, index, new, encoder, total=plan.passages_to_encode)
    reference, expected = update_index(index, new, HashEncoder())
    assert (update.added, update.changed, update.removed) == (expected.added, expected.changed, expected.removed)
    assert update.encoded_passages == plan.passages_to_encode == expected.encoded_passages == len(encoder.encoded)
    assert [d.id for d in updated.documents.values()] == [d.id for d in new]
    rows = {p.id: i for i, p in enumerate(reference.passages)}
    assert sorted(rows) == sorted(p.id for p in updated.passages)
    np.testing.assert_array_equal(updated.vectors, reference.vectors[[rows[p.id] for p in updated.passages]])


def test_a_run_stopped_while_encoding_leaves_the_last_version_live_and_no_staging(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(embeddings.sharded, "SHARD_DOCUMENTS", 2)
    root = tmp_path / "index"
    write_index(root, None, _articles(3), HashEncoder())
    before = _files(_live(root))
    with pytest.raises(KeyboardInterrupt):
        write_index(root, PassageIndex.load(root), _articles(30), HashEncoder(fail_after=40))
    assert _files(_live(root)) == before
    assert not [p.name for p in root.iterdir() if p.name.startswith(".tmp-")]


def test_a_one_shot_iterator_is_refused_by_sync(tmp_path: Path, settings) -> None:
    from qa.assistant import sync_index

    with pytest.raises(TypeError, match="one-shot"):
        sync_index(tmp_path / "index", iter(_articles(2)), HashEncoder(), settings)



def test_an_update_holds_no_unchanged_article_it_has_gone_past(tmp_path: Path) -> None:
    root = tmp_path / "index"
    old, _ = write_index(root, None, _articles(30), HashEncoder())
    alive_behind: list[int] = []

    def stream():
        """The articles as a folder gives them: made anew, the last one new to the index."""
        passed: list[weakref.ref] = []
        for number in range(31):
            document = _articles(number + 1)[number]
            gc.collect()
            alive_behind.append(sum(ref() is not None for ref in passed))
            passed.append(weakref.ref(document))
            yield document

    index, update = write_index(root, old, stream(), HashEncoder())
    assert update.added == ["berita-030"] and len(update.unchanged) == 30 and len(index.documents) == 31
    # the unchanged ones are copied from the old index, not kept until a shard fills; the one article just read is
    # still the loop's variable while the next is read
    assert max(alive_behind) <= 1
