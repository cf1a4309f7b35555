"""``tanya serve [--replicas N]`` started as a user starts it, and a burst of concurrent API clients against it.

Used by ``tests/test_replicas.py``; run on its own it measures what the README reports (questions per second
for the burst, each question's latency at the median and the 95th percentile, CPU seconds per question of the
front and the replicas together, resident memory of the front and of each replica)::

    PYTHONPATH=. .venv/bin/python tests/replica_load.py --replicas 2 [--clients 40] [--threads T]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
TANYA = str(Path(sys.executable).with_name("tanya"))
BLINKEN = "004_60f4ac8eb20885d3"
TILEUBERDI = "002_af91a0d982ffc927"
PATRUSHEV = "003_cdbb94ee7956bff6"
QUESTIONS = {
    "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?": PATRUSHEV,
    "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?": TILEUBERDI,
    "Kapan Wang Yi bertelepon dengan Blinken?": BLINKEN,
    "Siapa Menlu Amerika Serikat yang bertelepon dengan Wang Yi?": BLINKEN,
}
"""Questions the bundled articles answer, each with the article that answers it."""
REPLICA_PIDS = re.compile(r"replika (\d+): pid (\d+)")


@dataclass
class Server:
    """A running ``tanya serve``: its process, URL and every line it printed so far."""

    process: subprocess.Popen
    url: str
    lines: list[str] = field(default_factory=list)

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, patience_s: float, since: int = 0) -> re.Match:
        """The first line printed matching ``pattern`` (from line ``since`` on); fails when the server exits
        first or never prints it."""
        deadline = time.monotonic() + patience_s
        while True:
            for line in self.lines[since:]:
                if found := re.search(pattern, line):
                    return found
            if self.process.poll() is not None:
                time.sleep(0.5)  # the last lines
                raise AssertionError(f"tanya serve exited with {self.process.returncode}:\n{self.output()}")
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        raise AssertionError(f"tanya serve printed no {pattern!r} within {patience_s:.0f} s:\n{self.output()}")

    def replica_pids(self) -> dict[int, int]:
        """Replica number -> process id, from the start-up line."""
        line = self.wait_for(r"replika menjawab pertanyaan \(", 10).string
        return {int(number): int(pid) for number, pid in REPLICA_PIDS.findall(line)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ctrl_c_as_in_a_terminal() -> None:
    """Ctrl-C stops the server as it does when a user starts it in a terminal, even when these tests run where
    SIGINT is ignored (a job started in the background by a shell without job control, or under nohup), which a
    started program inherits and Python then keeps: its Ctrl-C would never arrive."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_serve(folder: Path, replicas: int, env: dict[str, str], *options: str) -> Server:
    """Start ``tanya serve --corpus folder --replicas N`` on 127.0.0.1 and a free port (returns at once)."""
    port = free_port()
    process = subprocess.Popen([TANYA, "serve", "--corpus", str(folder), "--port", str(port),
                                "--replicas", str(replicas), *options],
                               env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPOSITORY), **env},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=_ctrl_c_as_in_a_terminal)
    server = Server(process, f"http://127.0.0.1:{port}/")
    threading.Thread(target=lambda: server.lines.extend(line.rstrip("\n") for line in process.stdout),
                     daemon=True).start()
    return server


@dataclass
class Burst:
    """What a burst of clients got: each answer, the seconds the whole burst took, and each question's latency
    (its ``predict`` call, from sending the question to the answer; the client's connection not included)."""

    answers: list[dict]
    seconds: float
    latencies_s: list[float]

    def latency_percentile(self, percent: float) -> float:
        """The latency that ``percent`` % of the questions did not exceed (nearest rank)."""
        ranked = sorted(self.latencies_s)
        return ranked[max(0, math.ceil(percent / 100 * len(ranked)) - 1)]


def ask_all(url: str, questions: list[str], patience_s: float = 300.0) -> Burst:
    """Each question asked by its own ``gradio_client`` client, all at once."""
    from gradio_client import Client

    def ask(question: str) -> tuple[dict, float]:
        client = Client(url, verbose=False)
        sent = time.perf_counter()
        return client.predict(question, api_name="/tanya"), time.perf_counter() - sent

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(questions)) as clients:
        results = [call.result(timeout=patience_s) for call in [clients.submit(ask, q) for q in questions]]
    return Burst([answer for answer, _ in results], time.perf_counter() - started, [s for _, s in results])


def burst(clients: int) -> list[str]:
    """``clients`` questions, the :data:`QUESTIONS` in turn."""
    return [list(QUESTIONS)[i % len(QUESTIONS)] for i in range(clients)]


def wrong_answers(questions: list[str], answers: list[dict]) -> list[tuple[str, dict]]:
    """The answers that are not the right article's answer to their own question."""
    return [(q, a) for q, a in zip(questions, answers)
            if not (a["question"] == q and a["found"] and a["document_id"] == QUESTIONS[q])]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_mib(pid: int) -> float:
    """Resident memory of a process (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no VmRSS for {pid}")


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended: every thread of it (its first thread can be a zombie while the
    others still run, its files still open); a zombie nobody reaped counts as ended."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return True
    return all(_state(task) in ("Z", "X", None) for task in tasks)


def _state(task: Path) -> str | None:
    try:
        return (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


def wait_gone(pids: list[int], patience_s: float = 15.0) -> bool:
    deadline = time.monotonic() + patience_s
    while time.monotonic() < deadline:
        if all(gone(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def measure(replicas: int, clients: int, threads: int | None = None) -> dict:
    """Serve the bundled articles with ``replicas`` (their cached index), fire one burst, report the figures;
    ``threads`` sets ``TANYA_THREADS`` (default: not set, so each replica gets its share of the cores)."""
    env = {} if threads is None else {"TANYA_THREADS": str(threads)}
    server = start_serve(REPOSITORY / "corpus" / "articles", replicas, env)
    try:
        server.wait_for("Tanya Berita siap", 900)
        pids = server.replica_pids() if replicas > 1 else {}
        questions = burst(clients)
        answering = [server.process.pid, *pids.values()]
        cpu_before = sum(cpu_seconds(pid) for pid in answering)
        fired = ask_all(server.url, questions)
        cpu_spent = sum(cpu_seconds(pid) for pid in answering) - cpu_before
        figures = {"replicas": replicas, "threads": threads, "clients": clients,
                   "wrong": len(wrong_answers(questions, fired.answers)), "seconds": round(fired.seconds, 1),
                   "questions_per_s": round(clients / fired.seconds, 2),
                   "latency_p50_s": round(fired.latency_percentile(50), 1),
                   "latency_p95_s": round(fired.latency_percentile(95), 1),
                   "cpu_s_per_question": round(cpu_spent / clients, 2),
                   "front_rss_mib": round(resident_mib(server.process.pid)),
                   "replica_rss_mib": [round(resident_mib(pid)) for pid in pids.values()]}
    finally:
        server.process.terminate()
        server.process.wait(timeout=60)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--threads", type=int, default=None,
                        help="TANYA_THREADS for the server (default: unset, each replica's share of the cores)")
    options = parser.parse_args()
    print(json.dumps(measure(options.replicas, options.clients, options.threads)))
