"""The int8 ONNX engine against plain torch fp32: same vectors, same answers; chosen for the CPU at run time."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from corpus import BUNDLED_ARTICLES, ChunkingConfig, load_directory
from embeddings import Encoder, IndexMismatchError, Manifest, build_index, check_compatible, read_manifest
from embeddings.engine import ENGINES, CpuInfo, cpu_cores, int8_flavour, resolve_engine
from embeddings.indexing import cut_passages
from qa.reader_kinds import load_span_reader

SEED_QUESTIONS = [
    ("004", "Antony Blinken, Sabtu", "Siapa Menlu Amerika Serikat?"),
    ("000", "Sergei Lavrov", "Dengan siapa Wang Yi berbicara via telepon pada Senin?"),
    ("002", "Mukhtar Tileuberdi", "Siapa Perdana Menteri Kazakhstan?"),
    ("003", "Patrushev", "Siapa kepala keamanan Rusia yang ditemui Wang Yi?"),
]


@pytest.fixture(scope="module")
def bundled_passages() -> list[str]:
    return [p.text for p in cut_passages(load_directory(BUNDLED_ARTICLES), ChunkingConfig())]


def test_int8_encoder_keeps_the_vectors_of_torch(encoder: Encoder, torch_encoder: Encoder, bundled_passages):
    assert encoder.engine == "onnx-int8" and torch_encoder.engine == "torch"
    passages = np.sum(encoder.encode_passages(bundled_passages) * torch_encoder.encode_passages(bundled_passages), 1)
    questions = [q for _, _, q in SEED_QUESTIONS]
    queries = np.sum(encoder.encode_queries(questions) * torch_encoder.encode_queries(questions), 1)
    assert passages.min() >= 0.99 and queries.min() >= 0.99, (passages, queries)


def test_int8_encoder_scores_passages_like_torch(encoder: Encoder, torch_encoder: Encoder, bundled_passages):
    questions = [q for _, _, q in SEED_QUESTIONS]
    ours, reference = (e.encode_queries(questions) @ e.encode_passages(bundled_passages).T
                       for e in (encoder, torch_encoder))
    assert np.abs(ours - reference).max() < 0.02
    best_of_torch = reference.argmax(axis=1)
    our_top_two = np.argsort(-ours, axis=1)[:, :2]
    assert all(best in top for best, top in zip(best_of_torch, our_top_two))  # near-ties may swap, nothing more


def _paragraph(prefix: str, containing: str) -> str:
    text = next(BUNDLED_ARTICLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if containing in line)


@pytest.mark.parametrize(("article", "paragraph", "question"), SEED_QUESTIONS)
def test_int8_reader_gives_the_answers_of_torch(reader, torch_reader, article, paragraph, question):
    context = _paragraph(article, paragraph)
    ours, reference = reader.read(question, [context]), torch_reader.read(question, [context])
    assert ours.answer is not None and reference.answer is not None
    assert ours.answer.text == reference.answer.text
    assert abs(ours.answer.score - reference.answer.score) < 0.1


def test_int8_logits_stay_close_to_torch(reader, torch_reader):
    context = _paragraph("004", "Antony Blinken, Sabtu")
    [[ours]], [[reference]] = (r.score_windows(["Kapan Wang Yi bertelepon dengan Blinken?"], [[context]])
                               for r in (reader, torch_reader))
    assert np.corrcoef(ours.start_logits, reference.start_logits)[0, 1] > 0.98
    assert np.corrcoef(ours.end_logits, reference.end_logits)[0, 1] > 0.98


def test_vectors_of_another_engine_are_not_mixed(encoder: Encoder, torch_encoder: Encoder, tmp_path):
    build_index(load_directory(BUNDLED_ARTICLES)[:1], encoder).save(tmp_path / "index")
    manifest = read_manifest(tmp_path / "index")
    assert manifest.encoder.engine == "onnx-int8"
    check_compatible(manifest, encoder.info, ChunkingConfig())
    with pytest.raises(IndexMismatchError, match="engine"):
        check_compatible(manifest, torch_encoder.info, ChunkingConfig())


def test_manifests_written_before_engines_read_as_torch(encoder: Encoder):
    data = dataclasses.asdict(build_index(load_directory(BUNDLED_ARTICLES)[:1], encoder).manifest())
    del data["encoder"]["engine"]
    assert Manifest.from_dict(data).encoder.engine == "torch"


def test_engine_names_are_checked():
    assert resolve_engine("auto") == "onnx-int8"  # onnxruntime is a dependency
    assert resolve_engine("torch") == "torch"
    with pytest.raises(ValueError, match="engine must be one of"):
        resolve_engine("tensorrt")
    assert "auto" in ENGINES


def test_int8_quantisation_is_chosen_for_the_cpu():
    assert int8_flavour(CpuInfo("Zen 4", frozenset({"avx2", "avx512f", "avx512_vnni"}))) == "vnni"
    assert int8_flavour(CpuInfo("Sapphire Rapids", frozenset({"avx2", "amx_int8"}))) == "vnni"
    assert int8_flavour(CpuInfo("Zen 2", frozenset({"avx2", "fma"}))) == "r7"
    assert CpuInfo("x", frozenset({"sse2", "avx2", "avx512_bf16", "fma"})).relevant_flags() == [
        "avx2", "avx512_bf16", "fma"]


def test_the_encoder_and_the_reader_run_on_the_threads_set(settings, encoder: Encoder, reader):
    def threads(encoder: Encoder, reader) -> list[int]:
        encoder.warm_up()
        sessions = [encoder._embedder.session, reader.scorer.session]
        return [session.get_session_options().intra_op_num_threads for session in sessions]

    assert threads(encoder, reader) == [cpu_cores()] * 2  # the default: every core
    one = dataclasses.replace(settings, threads=1)
    assert threads(one.encoder_model(), load_span_reader(one)) == [1, 1]
