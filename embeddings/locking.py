"""The write lock of an index root: one writer at a time, across threads and processes (POSIX ``flock``)."""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

LOCK_FILE = "LOCK"

logger = logging.getLogger(__name__)


@dataclass
class _Holder:
    """This process's hold on one root's lock: re-entrant for the thread that holds it."""

    guard: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    handle: BinaryIO | None = None


_holders: dict[Path, _Holder] = {}
_holders_guard = threading.Lock()


@contextmanager
def index_write_lock(root: Path) -> Iterator[None]:
    """Hold the write lock of the index at ``root`` (created if needed) for the ``with`` block.

    Other threads and processes block until it is released; the thread holding it may take it
    again (a save inside a read-modify-save). Readers never take it.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    key = root.resolve()
    with _holders_guard:
        holder = _holders.setdefault(key, _Holder())
    with holder.guard:
        if holder.depth == 0:
            holder.handle = _lock_file(key / LOCK_FILE)
        holder.depth += 1
        try:
            yield
        finally:
            holder.depth -= 1
            if holder.depth == 0 and holder.handle is not None:
                holder.handle.close()  # closing the file releases the flock
                holder.handle = None


def _lock_file(path: Path) -> BinaryIO:
    handle = path.open("ab")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.info("waiting for another process writing the index at %s", path.parent)
            fcntl.flock(handle, fcntl.LOCK_EX)
    except BaseException:
        handle.close()
        raise
    return handle
