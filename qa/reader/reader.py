"""The span reader: load the shipped weights lazily, read a question over one or more contexts."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from embeddings.encoder import ModelLayout
from embeddings.engine import (
    CpuInfo,
    build_int8_model,
    build_key,
    cpu_info,
    int8_flavour,
    open_session,
    resolve_engine,
    set_torch_threads,
)
from embeddings.model_store import resolve_encoder
from embeddings.openvino_build import TOOLS as OPENVINO_TOOLS
from embeddings.openvino_build import build_openvino_int8, calibration_pairs, compile_openvino, infer_padded
from embeddings.tokenizer import shared_tokenizer
from qa.reader.config import CONFIG_NAME, DELTA_NAME, ReaderConfig
from qa.reader.decoding import ReaderResult, ScoredWindow, decode
from qa.reader.windows import Window, WindowTokenizer, collate

if TYPE_CHECKING:
    from transformers import BertForQuestionAnswering

DEFAULT_WEIGHTS = Path(__file__).resolve().parent / "weights"
"""The reader shipped in the repository."""
FP32_NODES = ("qa_outputs", "output/dense")
"""Matrix products the int8 build keeps in fp32: the span head, and the two projections whose inputs have
outliers that one int8 scale per tensor blurs (attention output, feed-forward output). Quantising them
too cost 1.8 F1 on FacQA's valid set; keeping them costs much of int8's speed-up for the reader (README,
"Speed")."""
LOGITS = ("start_logits", "end_logits")


def reader_engine(name: str, cpu: CpuInfo | None = None) -> str:
    """The reader's engine for ``name``: as :func:`embeddings.engine.resolve_engine`, except that ``auto`` reads in
    torch fp32 on CPUs without int8 dot products, where the reader's int8 builds are no faster (AVX2: a question
    takes 0.91 of torch's time with a torch reader, 1.26 with the int8 one; README, "Inference engines")."""
    if name == "auto" and not (cpu or cpu_info()).int8_dot_product:
        return "torch"
    return resolve_engine(name, cpu)


class SpanScorer(Protocol):
    """An engine's way of computing start and end logits for a padded batch of windows, on ``threads``
    threads."""

    threads: int

    def logits(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits, each (batch, tokens) float32."""


class SpanReader:
    """Extractive reader: picks answer spans (character offsets) in contexts, or abstains.

    Construction only reads the small JSON config; :meth:`warm_up` (called on first use) builds
    the base encoder offline and overlays the trained delta (``engine="torch"``), or opens an int8
    build of the same weights, built once into the cache (``engine="onnx-int8"``: ONNX Runtime, int8 weights;
    ``"openvino-int8"``: OpenVINO, int8 weights and activations). ``threads``: the engine's intra-op threads
    (default: every core).
    """

    def __init__(self, path: Path | str | None, cache_dir: Path, config: ReaderConfig | None = None,
                 batch_size: int = 16, engine: str = "auto", threads: int | None = None) -> None:
        self.path = Path(path) if path is not None else DEFAULT_WEIGHTS
        self.cache_dir = Path(cache_dir)
        self.config = config or ReaderConfig.load(self.path)
        self.batch_size = batch_size
        self.engine = reader_engine(engine)
        self.threads = threads
        self._scorer: SpanScorer | None = None
        self._windows: WindowTokenizer | None = None
        self.pad_id = 0
        self._loading = threading.Lock()

    @classmethod
    def from_pretrained(cls, path: Path | str | None, cache_dir: Path, engine: str = "auto",
                        threads: int | None = None) -> "SpanReader":
        """A reader for the weights in ``path`` (None: the ones shipped in ``qa/reader/weights``), its base
        encoder and engine builds in ``cache_dir`` (``Settings.cache_dir``), run on ``threads`` threads."""
        return cls(path, cache_dir, engine=engine, threads=threads)

    def with_config(self, **changes) -> "SpanReader":
        """The same loaded model with other decoding settings (e.g. ``threshold``)."""
        other = SpanReader(self.path, self.cache_dir, dataclasses.replace(self.config, **changes), self.batch_size,
                           self.engine, self.threads)
        other._scorer, other._windows, other.pad_id = self._scorer, self._windows, self.pad_id
        return other

    def warm_up(self) -> None:
        """Load the tokenizer and the model (once, even when several threads ask at the same time)."""
        with self._loading:
            if self._scorer is not None:
                return
            base_dir = resolve_encoder(self.config.base_encoder, self.cache_dir)
            self._windows = WindowTokenizer(shared_tokenizer(base_dir / "tokenizer.json"), self.config.max_length,
                                            self.config.stride)
            self.pad_id = ModelLayout.read(base_dir).pad_id
            if self.engine == "torch":
                self._scorer = TorchScorer(self._torch_model(), self.threads)
            elif self.engine == "openvino-int8":
                self._scorer = OpenVinoScorer(self._openvino_model(), self.threads)
            else:
                self._scorer = OnnxScorer(self._int8_model(), self.threads)

    @property
    def scorer(self) -> SpanScorer:
        """The engine's logit computation (loads the reader on first access)."""
        self.warm_up()
        return self._scorer

    def windows(self, questions: Sequence[str], contexts: Sequence[str]) -> list[Window]:
        """The model windows of every ``(questions[i], contexts[i])`` pair (see :class:`WindowTokenizer`)."""
        self.warm_up()
        return self._windows.windows(questions, contexts)

    def read(self, question: str, contexts: Sequence[str], top_n: int = 5,
             context_weights: Sequence[float] | None = None) -> ReaderResult:
        """Best answers to ``question`` over all ``contexts``, scores comparable across them.

        ``context_weights[i]`` (default 1) multiplies the probabilities of answers in ``contexts[i]``.
        """
        return decode(self.score_windows([question], [contexts])[0], contexts, self.config, top_n, context_weights)

    def read_batch(self, questions: Sequence[str], contexts: Sequence[Sequence[str]], top_n: int = 5) -> list[ReaderResult]:
        """:meth:`read` for many questions at once (``contexts[i]`` belongs to ``questions[i]``)."""
        scored = self.score_windows(questions, contexts)
        return [decode(items, ctx, self.config, top_n) for items, ctx in zip(scored, contexts)]

    def score_windows(self, questions: Sequence[str], contexts: Sequence[Sequence[str]]) -> list[list[ScoredWindow]]:
        """Model logits for every window of every (question, context) pair, grouped by question.

        Blank contexts have no windows.
        """
        self.warm_up()
        owners = [(q, c) for q, group in enumerate(contexts) for c, text in enumerate(group) if text.strip()]
        windows = self.windows([questions[q] for q, _ in owners], [contexts[q][c] for q, c in owners])
        start_logits, end_logits = self._logits(windows)
        grouped: list[list[ScoredWindow]] = [[] for _ in questions]
        for window, start, end in zip(windows, start_logits, end_logits):
            question_index, context_index = owners[window.pair_index]
            grouped[question_index].append(ScoredWindow(context_index, window, start, end))
        return grouped

    def _logits(self, windows: Sequence[Window]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Start and end logits per window, computed in length-sorted batches (little padding)."""
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].input_ids))
        starts: list[np.ndarray | None] = [None] * len(windows)
        ends: list[np.ndarray | None] = [None] * len(windows)
        for begin in range(0, len(order), self.batch_size):
            chunk = order[begin : begin + self.batch_size]
            batch = collate([windows[i] for i in chunk], self.pad_id)
            start_logits, end_logits = self._scorer.logits(batch["input_ids"], batch["attention_mask"])
            for row, i in enumerate(chunk):
                length = len(windows[i].input_ids)
                starts[i], ends[i] = start_logits[row, :length], end_logits[row, :length]
        return starts, ends

    def _torch_model(self) -> "BertForQuestionAnswering":
        from qa.reader.delta import load_with_delta

        return load_with_delta(self.path, self.config.base_encoder, self.cache_dir, self.config.base_fingerprint)

    def _int8_model(self) -> Path:
        flavour = int8_flavour(unsigned_fallback=True)  # 7-bit weights moved a seed answer's score by 0.25
        target = self.cache_dir / "onnx" / f"reader-{build_key(self._fingerprint(repr(FP32_NODES)), flavour)}"
        return build_int8_model(self._torch_model, LOGITS, target, FP32_NODES, flavour)

    def _openvino_model(self) -> Path:
        target = self.cache_dir / "onnx" / f"reader-{build_key(self._fingerprint(), 'ov', OPENVINO_TOOLS)}"
        return build_openvino_int8(self._torch_model, self._calibration, target, LOGITS)

    def _calibration(self) -> list[list[int]]:
        """Token ids of the windows of :func:`embeddings.openvino_build.calibration_pairs`."""
        questions, contexts = zip(*calibration_pairs())
        return [window.input_ids for window in self._windows.windows(list(questions), list(contexts))]

    def _fingerprint(self, *recipe: str) -> str:
        digest = hashlib.sha256("".join(recipe).encode())
        for name in (DELTA_NAME, CONFIG_NAME):
            digest.update((self.path / name).read_bytes())
        return digest.hexdigest()


class TorchScorer:
    """The reader in plain torch fp32: the reference engine (and the one training uses)."""

    def __init__(self, model: "BertForQuestionAnswering", threads: int | None = None) -> None:
        import torch

        set_torch_threads(threads)
        self.model = model
        self.threads = torch.get_num_threads()

    def logits(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits of the batch."""
        import torch

        with torch.inference_mode():
            output = self.model(input_ids=torch.from_numpy(input_ids), attention_mask=torch.from_numpy(attention_mask))
        return output.start_logits.float().numpy(), output.end_logits.float().numpy()


class OnnxScorer:
    """The reader's int8 ONNX build in ONNX Runtime."""

    def __init__(self, model_path: Path, threads: int | None = None) -> None:
        self.session = open_session(model_path, threads)
        self.threads = self.session.get_session_options().intra_op_num_threads

    def logits(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits of the batch."""
        start, end = self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})
        return start, end


class OpenVinoScorer:
    """The reader's ``openvino-int8`` build compiled for this CPU, run on padded inputs
    (:func:`embeddings.openvino_build.infer_padded`)."""

    def __init__(self, model_path: Path, threads: int | None = None) -> None:
        self.compiled = compile_openvino(model_path, threads)
        self.threads = int(self.compiled.get_property("INFERENCE_NUM_THREADS"))

    def logits(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits of the batch."""
        start, end = infer_padded(self.compiled, input_ids, attention_mask)
        return start, end
