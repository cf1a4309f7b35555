"""The passages of a saved index read from its ``passages.jsonl`` when asked for, instead of held as objects.

A large index keeps its passages in the file it was saved with: the file is memory-mapped and an array
of line offsets (found by one pass over the file at load) locates passage ``i``, which is parsed when
read. A million passages then cost 8 MB of offsets instead of about a gigabyte of Python objects.
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, overload

import numpy as np

from corpus import Passage

SCAN_BYTES = 1 << 26
"""Bytes scanned for line ends at a time when the offsets are found."""


class PassageFile(Sequence[Passage]):
    """A read-only sequence of the passages in a JSON-lines file, one passage per line."""

    def __init__(self, path: Path) -> None:
        with Path(path).open("rb") as handle:
            self._ends = _line_ends(handle)
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if handle.tell() else b""
        self._starts = np.concatenate([[0], self._ends[:-1] + 1]).astype(np.int64)

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, position: int) -> Passage: ...

    @overload
    def __getitem__(self, position: slice) -> list[Passage]: ...

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        row = range(len(self))[position]  # IndexError when out of range, as a list
        return Passage(**json.loads(self._map[self._starts[row]:self._ends[row]]))


def _line_ends(handle: BinaryIO) -> np.ndarray:
    """Offsets of the line ends (``\\n``) of the file read by ``handle``, which ends with one. The file is read, not
    mapped: the pages of a mapping once read would count as this process's memory."""
    ends, start = [np.zeros(0, dtype=np.int64)], 0
    while block := handle.read(SCAN_BYTES):
        ends.append(np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10) + start)
        start += len(block)
    return np.concatenate(ends).astype(np.int64)
