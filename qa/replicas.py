"""Replicas: worker processes that answer questions in parallel over the same saved index.

Each replica is a process of its own (``multiprocessing``'s *spawn*: a fresh interpreter, nothing
inherited but what it is given) that opens the index folder, loads the models once and answers one
question at a time. Its models run on its share of the cores (``Settings.threads``, else cores // N each),
not on every core, which N replicas would oversubscribe. Before each answer it checks the index's version (:meth:`Assistant.refresh`:
one read of ``CURRENT``) and takes up a newer one, so an article added or removed by the front (or
any process) is seen by every replica at its next question; a version it cannot read is logged
and the one it holds kept.

The front (:class:`ReplicaPool`) hands each question to an idle replica over a pipe. A replica that
died is started again: a question sent to it while it was idle waits for the new one; the question
it was answering, or one that takes longer than the pool's timeout (the replica is then killed and
restarted), fails with a :class:`ReplicaError`, never a hang. Replicas end with the front: on
:meth:`ReplicaPool.close`, and on their own when the front's end of their pipe closes (the front
killed). They ignore SIGINT: Ctrl-C reaches the whole process group, and the front stops them.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from embeddings import PassageIndex
from embeddings.engine import cpu_cores
from qa.answer import Answer
from qa.config import Settings

ANSWER_TIMEOUT_S = 180.0
"""Longest wait for one answer, including a restarted replica's start (models load in seconds)."""
START_TIMEOUT_S = 900.0
"""Longest wait for the replicas to start (a first start may build the int8 models: minutes)."""
STOP_TIMEOUT_S = 5.0
POLL_S = 0.2

logger = logging.getLogger(__name__)


class ReplicaError(Exception):
    """A question could not be answered by a replica (it crashed, timed out, or the pool is closed)."""


class ReplicaStartError(ReplicaError):
    """A replica could not start (e.g. the index cannot be opened); the message says why."""


class Answerer(Protocol):
    """What a replica runs: an :class:`qa.Assistant`, or anything that answers and refreshes alike."""

    @property
    def index(self) -> PassageIndex:
        """The index snapshot answered from."""

    def ask(self, question: str, top_k: int | None = None, history: Sequence[str] = ()) -> Answer:
        """Answer one question."""

    def refresh(self) -> bool:
        """Take up a newer saved index; whether it did."""


def replica_settings(settings: Settings, replicas: int, cores: int | None = None) -> Settings:
    """The settings each of ``replicas`` replicas runs with: ``settings.threads`` when set, else an equal share
    of the ``cores`` (default: this machine's), at least 1, so that N replicas do not each start a thread per
    core for each model."""
    if settings.threads is not None:
        return settings
    return replace(settings, threads=max(1, (cores or cpu_cores()) // replicas))


def open_assistant(index_dir: Path, settings: Settings) -> Answerer:
    """A replica's assistant: the saved index at ``index_dir``, models loaded."""
    from qa.assistant import Assistant

    assistant = Assistant.from_index(index_dir, settings)
    assistant.warm_up()
    return assistant


@dataclass(frozen=True)
class ReplicaStatus:
    """One replica as the front sees it: its number (from 1), its process id (None before it started),
    how many questions it answered and how many times it was started again."""

    number: int
    pid: int | None
    answered: int
    restarts: int


class ReplicaPool:
    """``size`` replica processes, each running ``opener()`` (picklable: it is sent to the new process).

    :meth:`start` starts them and waits until each is ready; :meth:`ask` answers on an idle one
    (waiting for one to be free); :meth:`close` stops them. Use :meth:`for_index` for assistants.
    """

    def __init__(self, opener: Callable[[], Answerer], size: int, answer_timeout_s: float = ANSWER_TIMEOUT_S,
                 start_timeout_s: float = START_TIMEOUT_S) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one replica, not {size}")
        context = multiprocessing.get_context("spawn")
        self.answer_timeout_s = answer_timeout_s
        self.start_timeout_s = start_timeout_s
        self._lifecycle = threading.Lock()  # starts and restarts against close
        self._closed = False
        self._replicas = [_Replica(number, opener, context, self._lifecycle, lambda: self._closed)
                          for number in range(1, size + 1)]
        self._idle: queue.Queue[_Replica] = queue.Queue()

    @classmethod
    def for_index(cls, index_dir: Path, settings: Settings, size: int | None = None) -> "ReplicaPool":
        """A pool of ``size`` (default ``settings.replicas``) assistants over the saved index at ``index_dir``,
        each on its share of the cores (:func:`replica_settings`)."""
        size = size or settings.replicas
        return cls(functools.partial(open_assistant, Path(index_dir), replica_settings(settings, size)), size)

    @property
    def size(self) -> int:
        """The number of replicas."""
        return len(self._replicas)

    def start(self) -> None:
        """Start every replica and wait until all are ready; :class:`ReplicaStartError` if one cannot start."""
        for replica in self._replicas:
            replica.spawn()
        deadline = time.monotonic() + self.start_timeout_s
        for replica in self._replicas:
            replica.wait_ready(deadline)
            self._idle.put(replica)

    def ask(self, question: str, top_k: int | None = None, history: Sequence[str] = ()) -> Answer:
        """Answer ``question`` on an idle replica, as :meth:`qa.Assistant.ask` would (its errors for bad
        arguments are raised here); :class:`ReplicaError` when no replica could answer."""
        try:
            replica = self._idle.get(timeout=self.answer_timeout_s)
        except queue.Empty:
            raise ReplicaError(f"no replica was free within {self.answer_timeout_s:.0f} s") from None
        try:
            return replica.ask(question, top_k, tuple(history), time.monotonic() + self.answer_timeout_s)
        finally:
            self._idle.put(replica)

    def status(self) -> list[ReplicaStatus]:
        """Each replica's process id and counts."""
        return [replica.status() for replica in self._replicas]

    def close(self) -> None:
        """Stop every replica (a question being answered fails with :class:`ReplicaError`); idempotent."""
        with self._lifecycle:
            self._closed = True
        for replica in self._replicas:
            replica.stop()

    def __enter__(self) -> "ReplicaPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Replica:
    """The front's handle on one replica process: its pipe, and what it answered."""

    def __init__(self, number: int, opener: Callable[[], Answerer], context: Any, lifecycle: threading.Lock,
                 closed: Callable[[], bool]) -> None:
        self.number = number
        self._opener = opener
        self._context = context
        self._lifecycle = lifecycle
        self._closed = closed
        self._process: Any = None
        self._conn: Connection | None = None
        self.pid: int | None = None
        self.answered = 0
        self.restarts = 0

    def spawn(self) -> None:
        """Start the process (it reports ``ready`` once its models are loaded)."""
        with self._lifecycle:
            if self._closed():
                raise ReplicaError("the replicas are stopped")
            front, replica = self._context.Pipe()
            process = self._context.Process(target=_replica_main, args=(self.number, self._opener, replica),
                                            name=f"tanya-replica-{self.number}", daemon=True)
            process.start()
            replica.close()  # the front keeps only its own end: the replica sees EOF when the front goes
            self._process, self._conn, self.pid = process, front, process.pid

    def wait_ready(self, deadline: float) -> None:
        """Wait for the process's ``ready``; :class:`ReplicaStartError` if it fails, dies or takes too long."""
        while True:
            kind, value = self._receive(deadline, starting=True)
            if kind == "ready":
                self.pid = value
                return

    def ask(self, question: str, top_k: int | None, history: tuple[str, ...], deadline: float) -> Answer:
        """The answer of this replica; restarts it if it died, and raises :class:`ReplicaError` if it dies
        while answering or misses ``deadline``."""
        if not self._process.is_alive():  # died while idle: this question waits for the new process
            self._restart(f"replica {self.number} had stopped (exit code {self._process.exitcode})")
        try:
            self._conn.send((question, top_k, history))
        except OSError:
            self._restart(f"replica {self.number} could not be reached")
            self._conn.send((question, top_k, history))
        while True:
            kind, value = self._receive(deadline, starting=False)
            if kind == "answer":
                self.answered += 1
                return value
            if kind == "error":
                raise value
            if kind == "ready":
                self.pid = value

    def _receive(self, deadline: float, starting: bool) -> tuple[str, Any]:
        """The next message of the process; a :class:`ReplicaError` (after a restart, unless ``starting``)
        if it dies or stays silent until ``deadline``."""
        try:
            while not self._conn.poll(POLL_S):
                if not self._process.is_alive() and not self._conn.poll(0):
                    self._fail(f"replica {self.number} stopped (exit code {self._process.exitcode})", starting)
                if time.monotonic() > deadline:
                    self._process.kill()
                    self._process.join(STOP_TIMEOUT_S)
                    self._fail(f"replica {self.number} did not answer in time (killed)", starting)
            kind, value = self._conn.recv()
        except (EOFError, OSError):  # the process went, or the pool closed its pipe
            self._fail(f"replica {self.number} stopped while answering", starting)
        if kind == "failed":
            raise ReplicaStartError(f"replica {self.number} could not start: {value}")
        return kind, value

    def _fail(self, reason: str, starting: bool) -> None:
        if starting:
            raise ReplicaStartError(reason)
        self._restart(reason)
        raise ReplicaError(reason)

    def _restart(self, reason: str) -> None:
        logger.warning("%s: starting it again", reason)
        self._discard()
        self.restarts += 1
        self.spawn()

    def _discard(self) -> None:
        """End the process (if it still runs) and close the pipe."""
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(STOP_TIMEOUT_S)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(STOP_TIMEOUT_S)
        self._conn.close()

    def stop(self) -> None:
        """End the process for good."""
        with self._lifecycle:
            self._discard()

    def status(self) -> ReplicaStatus:
        return ReplicaStatus(self.number, self.pid, self.answered, self.restarts)


def _replica_main(number: int, opener: Callable[[], Answerer], conn: Connection) -> None:
    """A replica process: open the answerer, say ``ready``, then answer until told to stop or the front goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the process group; the front stops us
    logging.basicConfig(level=logging.WARNING, format=f"%(levelname)s replika {number}: %(message)s")
    try:
        answerer = opener()
    except Exception as error:  # reported to the front, which stops the start with this message
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    try:
        conn.send(("ready", os.getpid()))
    except OSError:
        return  # the front went while the models loaded
    while True:
        try:
            question, top_k, history = conn.recv()
        except (EOFError, OSError):
            return  # the front is gone
        _refresh(answerer, number)
        try:
            reply = ("answer", answerer.ask(question, top_k=top_k, history=history))
        except Exception as error:  # the caller's mistake or a failure below: raised again in the front
            reply = ("error", error)
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as error:  # an exception that does not pickle
            conn.send(("error", ReplicaError(f"{type(reply[1]).__name__}: {reply[1]} ({error})")))


def _refresh(answerer: Answerer, number: int) -> None:
    """Take up a newer saved index; a failure is logged and the index held kept (the replica lives on)."""
    try:
        if answerer.refresh():
            index = answerer.index
            print(f"Replika {number}: indeks {index.version} dimuat ({len(index.documents)} artikel).", flush=True)
    except Exception:
        logging.getLogger(__name__).exception("replica %d could not take up the new index", number)
