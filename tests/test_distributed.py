"""Indexing on a real Ray cluster (``embeddings.distributed``) gives the index the single-machine path gives.

The cluster is started by the test on this machine, loopback only: a head and a worker node (real raylet,
worker and object-store processes), one CPU each, so the two encoder actors run one per node. Needs the
``cluster`` extra: ``pip install -e '.[cluster]'``; ``make test-cluster`` runs only these tests.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from corpus import ARCHIVE_ARTICLES, BUNDLED_ARTICLES, Document, load_file
from embeddings import Encoder, current_version, read_manifest
from embeddings.distributed import LOOPBACK_ONLY, ClusterConfig, RayEncoder
from qa.assistant import index_dir_for, sync_index
from qa.config import Settings

os.environ.setdefault(LOOPBACK_ONLY, "0")  # before Ray is imported: every Ray process on 127.0.0.1
ray = pytest.importorskip("ray", reason="the cluster extra is not installed (pip install -e '.[cluster]')")

ARTICLES = 200
INT8_TOLERANCE = 0.995
"""Least cosine between two int8 vectors of one passage. The int8 engine quantizes activations per batch, so a
passage's vector depends on the passages it is batched with, on one machine too (regrouping 74 archive passages
in tens: least cosine 0.9968; torch: 0.9999999); the cluster batches each shard's passages together."""
TIME_LIMIT_S = 900
"""A hung cluster fails the test (SIGALRM) instead of hanging the suite."""
REPOSITORY = Path(__file__).resolve().parents[1]
TANYA = str(Path(sys.executable).with_name("tanya"))


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """The address of a 2-node Ray cluster on 127.0.0.1 whose workers import this checkout's code."""
    from ray.cluster_utils import Cluster

    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), saved]))
    local = Cluster(initialize_head=True, head_node_args={"node_ip_address": "127.0.0.1", "num_cpus": 1,
                                                         "include_dashboard": False})
    try:
        local.add_node(node_ip_address="127.0.0.1", num_cpus=1)
        yield local.address
    finally:
        ray.shutdown()
        local.shutdown()
        if saved is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = saved


@pytest.fixture(autouse=True)
def time_limit() -> Iterator[None]:
    def expire(signum, frame):
        raise TimeoutError(f"the cluster test ran over {TIME_LIMIT_S} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TIME_LIMIT_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def archive() -> list[Document]:
    return load_file(ARCHIVE_ARTICLES / "indosum.jsonl.gz")[:ARTICLES]


def _same_index(ours, reference, tolerance: float) -> None:
    assert [(p.id, p.document_id, p.text, p.start, p.end) for p in ours.passages] == [
        (p.id, p.document_id, p.text, p.start, p.end) for p in reference.passages]
    cosines = np.sum(ours.vectors * reference.vectors, axis=1)
    assert cosines.min() >= tolerance, f"lowest cosine {cosines.min():.5f}"


def test_cluster_builds_the_index_the_single_machine_path_builds(
    cluster: str, archive: list[Document], encoder: Encoder, settings: Settings, tmp_path: Path
) -> None:
    single, _ = sync_index(tmp_path / "single", archive, encoder, settings)
    on_ray = RayEncoder(encoder, settings.cache_dir, ClusterConfig(address=cluster, workers=2, documents_per_batch=8))
    distributed, update = sync_index(tmp_path / "ray", archive, on_ray, settings)

    assert update is None and len(distributed.documents) == ARTICLES
    assert encoder.engine in ("onnx-int8", "openvino-int8") and len(distributed) > ARTICLES  # several passages per article
    _same_index(distributed, single, INT8_TOLERANCE)
    manifests = [read_manifest(tmp_path / name) for name in ("single", "ray")]
    fields = ("encoder", "chunking", "index_kind", "corpus_fingerprint", "documents", "passages", "format_version")
    assert [getattr(manifests[1], f) for f in fields] == [getattr(manifests[0], f) for f in fields]
    assert {n["NodeManagerAddress"] for n in ray.nodes() if n["Alive"]} == {"127.0.0.1"}
    assert sum(1 for n in ray.nodes() if n["Alive"]) == 2


def test_cluster_updates_only_new_and_changed_articles(
    cluster: str, archive: list[Document], torch_encoder: Encoder, settings: Settings, tmp_path: Path
) -> None:
    # torch: batch-invariant, so the vectors must match as closely as one process's
    on_ray = RayEncoder(torch_encoder, settings.cache_dir, ClusterConfig(address=cluster, documents_per_batch=8))
    first = archive[:40]
    for root, encoding in (("ray", on_ray), ("single", torch_encoder)):
        sync_index(tmp_path / root, first, encoding, settings)
    edited = replace(first[3], text=first[3].text + "\n\nParagraf tambahan tentang hal yang sama sekali baru.")
    wanted = [*first[:3], edited, *first[5:], archive[40]]  # first[4] removed, archive[40] added

    updated, update = sync_index(tmp_path / "ray", wanted, on_ray, settings)
    reference, same_update = sync_index(tmp_path / "single", wanted, torch_encoder, settings)

    assert (update.added, update.changed, update.removed) == ([archive[40].id], [edited.id], [first[4].id])
    fresh = [p for p in reference.passages if p.document_id in (edited.id, archive[40].id)]
    assert update == same_update and update.encoded_passages == len(fresh)
    _same_index(updated, reference, 0.9999)


def test_tanya_index_ray_writes_the_index_plain_tanya_index_keeps(settings: Settings, tmp_path: Path) -> None:
    # no ADDRESS: the command starts its own Ray on 127.0.0.1 and stops it
    folder = tmp_path / "articles"
    shutil.copytree(BUNDLED_ARTICLES, folder)
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "TANYA_CACHE_DIR": str(settings.cache_dir)}

    def tanya(*options: str) -> str:
        done = subprocess.run([TANYA, "index", str(folder), *options], capture_output=True, text=True,
                              env=environment, timeout=TIME_LIMIT_S)
        assert done.returncode == 0, done.stderr
        return done.stdout

    printed = tanya("--ray", "--workers", "2")
    index_dir = index_dir_for(folder, settings)
    version = current_version(index_dir)
    assert printed.startswith("5 artikel") and str(index_dir) in printed
    assert tanya() == printed and current_version(index_dir) == version  # up to date: nothing encoded again
