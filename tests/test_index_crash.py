"""Indexing killed (SIGKILL) at random points: the index still opens, and the work done is kept."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from corpus import BUNDLED_ARTICLES
from embeddings import PassageIndex
from qa.assistant import index_dir_for
from qa.config import Settings

REPOSITORY = Path(__file__).resolve().parents[1]
ARTICLES = 96
STEP = 16
KILLS = 3
DEADLINE_SECONDS = 240

INDEXER = """
import sys
from pathlib import Path
import embeddings.resumable
from corpus import load_directory
from embeddings import Encoder
from qa.assistant import index_dir_for, sync_index
from qa.config import Settings

folder, cache = Path(sys.argv[1]), Path(sys.argv[2])
embeddings.resumable.STEP_PASSAGES = int(sys.argv[3])
settings = Settings(cache_dir=cache)
encoder = Encoder.from_name(settings.encoder, cache)
encoder.warm_up()
encode, encoded = encoder.encode_passages, []

def counting(texts):
    encoded.append(len(texts))
    return encode(texts)

encoder.encode_passages = counting
documents = load_directory(folder)
print("start", flush=True)
index, _ = sync_index(index_dir_for(folder, settings), documents, encoder, settings)
print(len(index.documents), sum(encoded), flush=True)
"""


def _indexer(folder: Path, settings: Settings) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-c", INDEXER, str(folder), str(settings.cache_dir), str(STEP)],
                            env=env, cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _article(number: int) -> str:
    return (f"Berita nomor {number}. Pemerintah Kabupaten {number} meresmikan jembatan baru di atas sungai "
            f"pada hari Senin. Bupati mengatakan jembatan sepanjang {number * 7} meter itu menghubungkan "
            f"dua kecamatan dan mempercepat pengiriman hasil panen ke pasar kota.\n")


def test_indexing_killed_at_random_points_leaves_a_usable_index_and_keeps_its_progress(
    tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(BUNDLED_ARTICLES, folder)
    first = _indexer(folder, settings)
    output, errors = first.communicate(timeout=DEADLINE_SECONDS)
    assert first.returncode == 0, errors
    for number in range(ARTICLES):
        (folder / f"baru-{number:03d}.txt").write_text(_article(number), encoding="utf-8")
    index_dir = index_dir_for(folder, settings)
    rng = random.Random(12)
    for _ in range(KILLS):
        process = _indexer(folder, settings)
        try:
            assert process.stdout.readline().strip() == "start", process.stderr.read()
            time.sleep(rng.uniform(1.0, 4.0))
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.communicate(timeout=DEADLINE_SECONDS)
        assert len(PassageIndex.load(index_dir).documents) in (5, 5 + ARTICLES)  # the old or the new version
    last = _indexer(folder, settings)
    output, errors = last.communicate(timeout=DEADLINE_SECONDS)
    assert last.returncode == 0, errors
    documents, encoded = map(int, output.split()[-2:])
    assert documents == len(PassageIndex.load(index_dir).documents) == 5 + ARTICLES
    print(f"after {KILLS} kills the last run encoded {encoded} of {ARTICLES} passages")
    assert encoded <= ARTICLES - STEP  # at least one step of the killed runs was kept
