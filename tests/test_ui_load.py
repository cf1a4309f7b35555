"""A bounded load test on loopback: 20 concurrent API clients x 5 questions against a real served page.

Every client asks its own questions (the question carries the client's number), so an answer
delivered to the wrong client shows in the answer's ``question`` field. Latency percentiles are
printed (run with ``-s``) and kept in test-artifacts/load.json.
"""

from __future__ import annotations

import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from gradio_client import Client

CLIENTS = 20
QUESTIONS = [
    "Siapa Menlu Amerika Serikat yang bertelepon dengan Wang Yi?",
    "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?",
    "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?",
    "Menurut Wang Yi, bagaimana krisis di Ukraina bisa diatasi?",
    "Apa yang dikatakan Wang Yi tentang Kazakhstan?",
]
DEADLINE_S = 600
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _client_run(url: str, number: int) -> list[tuple[str, str, float]]:
    """One client's questions in turn: (asked, the question the answer is for, seconds)."""
    client = Client(url, verbose=False)
    results = []
    for question in QUESTIONS:
        asked = f"{question} (klien {number})"
        started = time.perf_counter()
        answer = client.predict(asked, api_name="/tanya")
        results.append((asked, answer["question"], time.perf_counter() - started))
    return results


def test_twenty_concurrent_clients_get_their_own_answers(chat_url: str) -> None:
    assert urlparse(chat_url).hostname == "127.0.0.1", "loopback only"
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        runs = [pool.submit(_client_run, chat_url, number) for number in range(CLIENTS)]
        results = [row for run in runs for row in run.result(timeout=DEADLINE_S)]  # any error fails the test
    wall = time.perf_counter() - started
    assert len(results) == CLIENTS * len(QUESTIONS)
    wrong = [(asked, got) for asked, got, _ in results if asked != got]
    assert not wrong, f"answers delivered to the wrong client: {wrong[:3]}"
    seconds = sorted(latency for *_, latency in results)
    figures = {"clients": CLIENTS, "questions": len(results), "errors": 0, "wall_s": round(wall, 1),
               "p50_s": round(statistics.median(seconds), 2),
               "p95_s": round(seconds[round(0.95 * (len(seconds) - 1))], 2), "max_s": round(seconds[-1], 2)}
    print(f"\nload: {json.dumps(figures)}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
