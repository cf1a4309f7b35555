"""The span reader: load the shipped weights lazily, read a question over one or more contexts."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from transformers import AutoTokenizer, BertForQuestionAnswering, PreTrainedTokenizerFast

from embeddings.model_store import resolve_encoder
from qa.config import Settings
from qa.reader.config import ReaderConfig
from qa.reader.decoding import ReaderResult, ScoredWindow, decode
from qa.reader.weights import load_with_delta
from qa.reader.windows import collate, encode_windows

DEFAULT_WEIGHTS = Path(__file__).resolve().parent / "weights"
"""The reader shipped in the repository."""


class SpanReader:
    """Extractive reader: picks answer spans (character offsets) in contexts, or abstains.

    Construction only reads the small JSON config; :meth:`warm_up` (called on first use) builds
    the base encoder offline and overlays the trained delta.
    """

    def __init__(self, path: Path | str | None = None, cache_dir: Path | None = None,
                 config: ReaderConfig | None = None, batch_size: int = 16) -> None:
        self.path = Path(path) if path is not None else DEFAULT_WEIGHTS
        self.cache_dir = Path(cache_dir) if cache_dir is not None else Settings.from_env().cache_dir
        self.config = config or ReaderConfig.load(self.path)
        self.batch_size = batch_size
        self._model: BertForQuestionAnswering | None = None
        self._tokenizer: PreTrainedTokenizerFast | None = None

    @classmethod
    def from_pretrained(cls, path: Path | str | None = None, cache_dir: Path | None = None) -> "SpanReader":
        """A reader for the weights in ``path`` (default: the ones shipped in ``qa/reader/weights``)."""
        return cls(path, cache_dir)

    def with_config(self, **changes) -> "SpanReader":
        """The same loaded model with other decoding settings (e.g. ``threshold``)."""
        other = SpanReader(self.path, self.cache_dir, dataclasses.replace(self.config, **changes), self.batch_size)
        other._model, other._tokenizer = self._model, self._tokenizer
        return other

    def warm_up(self) -> None:
        """Load the tokenizer and the model (idempotent)."""
        if self._model is not None:
            return
        self._tokenizer = AutoTokenizer.from_pretrained(resolve_encoder(self.config.base_encoder, self.cache_dir))
        self._model = load_with_delta(self.path, self.config.base_encoder, self.cache_dir, self.config.base_fingerprint)

    @property
    def tokenizer(self) -> PreTrainedTokenizerFast:
        """The tokenizer (loads the reader on first access)."""
        self.warm_up()
        return self._tokenizer

    @property
    def model(self) -> BertForQuestionAnswering:
        """The span model in eval mode (loads the reader on first access)."""
        self.warm_up()
        return self._model

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
        windows = encode_windows(
            self._tokenizer,
            [questions[q] for q, _ in owners],
            [contexts[q][c] for q, c in owners],
            self.config.max_length,
            self.config.stride,
        )
        start_logits, end_logits = self._logits(windows)
        grouped: list[list[ScoredWindow]] = [[] for _ in questions]
        for window, start, end in zip(windows, start_logits, end_logits):
            question_index, context_index = owners[window.pair_index]
            grouped[question_index].append(ScoredWindow(context_index, window, start, end))
        return grouped

    def _logits(self, windows) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Start and end logits per window, computed in length-sorted batches (little padding)."""
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].input_ids))
        starts: list[np.ndarray | None] = [None] * len(windows)
        ends: list[np.ndarray | None] = [None] * len(windows)
        with torch.inference_mode():
            for begin in range(0, len(order), self.batch_size):
                chunk = order[begin : begin + self.batch_size]
                batch = collate([windows[i] for i in chunk], self._tokenizer.pad_token_id)
                output = self._model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
                for row, i in enumerate(chunk):
                    length = len(windows[i].input_ids)
                    starts[i] = output.start_logits[row, :length].float().numpy()
                    ends[i] = output.end_logits[row, :length].float().numpy()
        return starts, ends
