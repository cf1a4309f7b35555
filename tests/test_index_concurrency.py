"""Several writers and readers on one index: real processes, real encoder, real FAISS index."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import embeddings.index_store as index_store
from corpus import Document
from embeddings import Encoder, PassageIndex, add_documents, build_index
from qa.config import Settings

REPOSITORY = Path(__file__).resolve().parents[1]
SEED = [Document(id="awal", text="Wang Yi menelepon Perdana Menteri Kazakhstan tentang kerusuhan di Almaty.")]
WRITES = 8
DEADLINE_SECONDS = 240

WRITER = """
import sys, time
from pathlib import Path
from corpus import Document
from qa import Assistant, Settings

root, cache, name, go = sys.argv[1:5]
assistant = Assistant.from_index(root, Settings(cache_dir=Path(cache), reader_kind="sentence"))
assistant.encoder.warm_up()
Path(go).with_name(f"ready-{name}").touch()
while not Path(go).exists():
    time.sleep(0.01)
for i in range(int(sys.argv[5])):
    text = f"Berita ke-{i} dari penulis {name}: Komisi Pemilihan Umum menggelar rapat pleno nomor {i}."
    assistant.add_documents([Document(id=f"{name}-{i}", text=text)])
"""

READER = """
import sys, time
from pathlib import Path
from embeddings import PassageIndex

root, stop = sys.argv[1:3]
loads = failures = 0
while not Path(stop).exists():
    try:
        PassageIndex.load(root)
        loads += 1
    except Exception as error:
        failures += 1
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
print(loads, failures)
"""


def _python(code: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], env=env, cwd=REPOSITORY,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def test_two_writing_processes_keep_every_article_and_readers_never_fail(
    tmp_path: Path, encoder: Encoder, settings: Settings
) -> None:
    root, go, stop = tmp_path / "index", tmp_path / "go", tmp_path / "stop"
    build_index(SEED, encoder).save(root)
    writers = [_python(WRITER, root, settings.cache_dir, name, go, WRITES) for name in ("a", "b")]
    reader = _python(READER, root, stop)
    try:
        _wait_for(lambda: all((tmp_path / f"ready-{n}").exists() for n in "ab"), "writers ready")
        go.touch()
        for writer in writers:
            _, errors = writer.communicate(timeout=DEADLINE_SECONDS)
            assert writer.returncode == 0, errors
    finally:
        stop.touch()
        output, errors = reader.communicate(timeout=DEADLINE_SECONDS)
        for process in writers:
            process.kill()
    loads, failures = map(int, output.split())
    print(f"a reader opened the index {loads} times during {2 * WRITES} saves by two processes: {failures} failed")
    assert failures == 0, errors
    assert loads > 0
    expected = {"awal"} | {f"{n}-{i}" for n in "ab" for i in range(WRITES)}
    assert set(PassageIndex.load(root).documents) == expected


def _save_during_first_checksum(monkeypatch, root: Path, replacement: PassageIndex, then=None) -> None:
    """Make the next load read CURRENT, then have another writer save (and ``then`` run) before it opens a file."""
    real = index_store.file_sha256
    pending = [True]

    def checksum(path):
        if pending and path.parent.parent == root and not path.parent.name.startswith(".tmp-"):
            pending.clear()
            replacement.save(root)
            if then:
                then(path.parent)
        return real(path)

    monkeypatch.setattr(index_store, "file_sha256", checksum)


def test_a_reader_still_opens_the_version_it_found_while_a_writer_replaces_it(
    tmp_path: Path, encoder: Encoder, monkeypatch
) -> None:
    root = tmp_path / "index"
    first = build_index(SEED, encoder)
    first.save(root)
    second, _ = add_documents(first, [Document(id="baru", text="Berita baru tentang pemilu di Jakarta.")], encoder)
    _save_during_first_checksum(monkeypatch, root, second)
    assert set(PassageIndex.load(root).documents) == {"awal"}
    assert set(PassageIndex.load(root).documents) == {"awal", "baru"}


def test_a_reader_whose_version_vanished_reads_the_new_one(tmp_path: Path, encoder: Encoder, monkeypatch) -> None:
    import shutil

    root = tmp_path / "index"
    first = build_index(SEED, encoder)
    first.save(root)
    second, _ = add_documents(first, [Document(id="baru", text="Berita baru tentang pemilu di Jakarta.")], encoder)
    _save_during_first_checksum(monkeypatch, root, second, then=shutil.rmtree)
    assert set(PassageIndex.load(root).documents) == {"awal", "baru"}


def test_replaced_versions_are_kept_for_a_grace_period_then_deleted(tmp_path: Path, encoder: Encoder) -> None:
    root = tmp_path / "index"
    index = build_index(SEED, encoder)
    oldest = index.save(root)
    middle = index.save(root)
    assert oldest.is_dir()  # a reader may be opening it
    retired_long_ago = time.time() - index_store.RETIRED_GRACE_SECONDS - 1
    os.utime(oldest, (retired_long_ago, retired_long_ago))
    live = index.save(root)
    assert not oldest.exists() and middle.is_dir()
    assert (root / "CURRENT").read_text() == live.name
    live_long_ago = time.time() - 10 * index_store.RETIRED_GRACE_SECONDS
    os.utime(live, (live_long_ago, live_long_ago))
    os.utime(middle, (retired_long_ago, retired_long_ago))
    index_store._remove_stale_versions(root, keep=live.name)
    assert live.is_dir() and not middle.exists()  # the live version is never removed, however old


HOLDER = """
import sys, time
from embeddings import index_write_lock

with index_write_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(120)
"""


def test_opening_an_up_to_date_folder_does_not_wait_for_a_writer(articles: Path, settings: Settings) -> None:
    import threading

    from qa import Assistant
    from qa.assistant import index_dir_for

    Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence"))
    holder = _python(HOLDER, index_dir_for(articles, settings))
    try:
        assert holder.stdout.readline().strip() == "held"
        opened = []
        thread = threading.Thread(
            target=lambda: opened.append(Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence"))),
            daemon=True,
        )
        thread.start()
        thread.join(timeout=60)
        assert opened, "from_directory waited for the write lock although nothing had to be written"
    finally:
        holder.kill()
        holder.communicate()


def test_a_change_to_an_index_not_saved_yet_saves_it_quietly(tmp_path: Path, encoder: Encoder, caplog) -> None:
    from qa import Assistant
    from qa.reader_kinds import SentenceReader

    root = tmp_path / "index"
    assistant = Assistant(build_index(SEED, encoder), encoder, SentenceReader(encoder), index_dir=root)
    assistant.add_documents([Document(id="baru", text="Berita baru tentang pemilu di Jakarta.")])
    assert set(PassageIndex.load(root).documents) == {"awal", "baru"}
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
