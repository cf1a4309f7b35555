"""The replica pool's process handling, on real processes running a stand-in answerer (no models).

The stand-in answers with its process id and obeys a few questions ("tidur N", "mati", "macet", "salah")
so that a crash, a hang and an error can be caused on purpose; the replicas with the real assistant
are tested against ``tanya serve --replicas 2`` in ``tests/test_replicas.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from replica_load import gone, wait_gone

from embeddings import IndexNotFoundError
from qa.answer import Answer, ArticleRef
from qa.config import Settings
from qa.replicas import ReplicaError, ReplicaPool, ReplicaStartError, replica_settings

REPOSITORY = Path(__file__).resolve().parents[1]


class StandIn:
    """Answers with its pid; "tidur N" sleeps N seconds first, "mati" kills the process, "macet" never
    returns, "salah" raises a ValueError (the caller's mistake, as an empty question is)."""

    def __init__(self) -> None:
        self.index = SimpleNamespace(version="v-1", documents={})

    def refresh(self) -> bool:
        return False

    def ask(self, question: str, top_k: int | None = None, history: Sequence[str] = ()) -> Answer:
        if question.startswith("tidur"):
            time.sleep(float(question.split()[1]))
        elif question == "mati":
            os._exit(3)
        elif question == "macet":
            time.sleep(3600)
        elif question == "salah":
            raise ValueError("pertanyaan salah")
        return Answer(question=question, text=str(os.getpid()), found=True, score=1.0, article=ArticleRef("x"))


def broken() -> StandIn:
    raise IndexNotFoundError("no index at /nowhere")


@pytest.fixture(scope="module")
def pool() -> Iterator[ReplicaPool]:
    """Two replicas, shared by the tests below: each leaves them answering (restarted where it broke one)."""
    started = ReplicaPool(StandIn, 2, answer_timeout_s=30.0, start_timeout_s=60.0)
    started.start()
    yield started
    started.close()


@pytest.mark.parametrize(("replicas", "cores", "threads"), [(1, 2, 2), (2, 2, 1), (3, 2, 1), (2, 16, 8), (3, 16, 5)])
def test_replicas_share_the_cores(replicas: int, cores: int, threads: int, tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path)
    shared = replica_settings(settings, replicas, cores)
    assert shared.threads == threads and shared == Settings(cache_dir=tmp_path, threads=threads)


def test_threads_set_by_the_user_are_kept_in_every_replica(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, threads=2)
    assert replica_settings(settings, 2, cores=2) == settings


def _counts(pool: ReplicaPool) -> list[tuple[int, int]]:
    return [(r.answered, r.restarts) for r in pool.status()]


def test_two_replicas_answer_at_the_same_time(pool: ReplicaPool) -> None:
    pids = {replica.pid for replica in pool.status()}
    assert len(pids) == 2 and None not in pids
    before = [answered for answered, _ in _counts(pool)]
    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as callers:
        answers = list(callers.map(pool.ask, ["tidur 1", "tidur 1"]))
    assert time.monotonic() - began < 1.9  # one after the other would take 2 s
    assert {int(a.text) for a in answers} == pids
    assert [answered - earlier for (answered, _), earlier in zip(_counts(pool), before)] == [1, 1]


def test_a_crashed_replica_fails_its_question_and_is_started_again(pool: ReplicaPool) -> None:
    before = pool.status()
    with pytest.raises(ReplicaError, match="stopped"):
        pool.ask("mati")
    crashed = next(r for r, earlier in zip(pool.status(), before) if r.restarts > earlier.restarts)
    assert crashed.pid != before[crashed.number - 1].pid and wait_gone([before[crashed.number - 1].pid])
    answered = {int(pool.ask("tidur 0").text) for _ in range(4)}  # both again, the new process among them
    assert answered == {r.pid for r in pool.status()}


def test_a_replica_killed_while_idle_is_replaced_for_the_next_question(pool: ReplicaPool) -> None:
    before = pool.status()
    for victim in before:
        os.kill(victim.pid, signal.SIGKILL)
    assert wait_gone([victim.pid for victim in before])
    answers = [pool.ask("tidur 0") for _ in range(2)]  # each replica in turn, each started again first
    assert not {victim.pid for victim in before} & {int(a.text) for a in answers}
    assert [r.restarts for r in pool.status()] == [earlier.restarts + 1 for earlier in before]


def test_a_hung_replica_is_killed_at_the_timeout_and_started_again(pool: ReplicaPool) -> None:
    restarts = sum(r.restarts for r in pool.status())
    pool.answer_timeout_s, began = 1.0, time.monotonic()
    try:
        with pytest.raises(ReplicaError, match="did not answer in time"):
            pool.ask("macet")
    finally:
        pool.answer_timeout_s = 30.0
    assert 1.0 <= time.monotonic() - began < 8.0
    assert sum(r.restarts for r in pool.status()) == restarts + 1
    assert all(pool.ask("tidur 0").found for _ in range(2))


def test_the_callers_mistake_is_raised_as_it_is_and_the_replica_lives_on(pool: ReplicaPool) -> None:
    restarts = [r.restarts for r in pool.status()]
    with pytest.raises(ValueError, match="pertanyaan salah"):
        pool.ask("salah")
    assert pool.ask("tidur 0").found and [r.restarts for r in pool.status()] == restarts


def test_closing_ends_every_replica_and_later_questions_fail() -> None:
    pool = ReplicaPool(StandIn, 2, answer_timeout_s=5.0, start_timeout_s=60.0)
    pool.start()
    pids = [r.pid for r in pool.status()]
    pool.close()
    assert wait_gone(pids)
    with pytest.raises(ReplicaError):
        pool.ask("tidur 0")


def test_a_replica_that_cannot_start_stops_the_start_with_its_reason() -> None:
    with ReplicaPool(broken, 1, start_timeout_s=60.0) as failing, pytest.raises(ReplicaStartError,
                                                                               match="no index at /nowhere"):
        failing.start()


def test_replicas_end_when_their_front_is_killed(tmp_path: Path) -> None:
    front = textwrap.dedent("""
        import sys, time
        sys.path.insert(0, sys.argv[1])
        from qa.replicas import ReplicaPool
        from test_replica_pool import StandIn
        pool = ReplicaPool(StandIn, 2, start_timeout_s=60.0)
        pool.start()
        print(" ".join(str(r.pid) for r in pool.status()), flush=True)
        time.sleep(600)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    process = subprocess.Popen([sys.executable, "-c", front, str(REPOSITORY / "tests")], env=env,
                               stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(pid) for pid in process.stdout.readline().split()]
        assert len(pids) == 2 and not any(gone(pid) for pid in pids)
        process.kill()  # no clean-up at all: the replicas see their pipe close
        process.wait(timeout=30)
        assert wait_gone(pids)
    finally:
        process.kill()
        process.stdout.close()
