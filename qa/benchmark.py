"""``tanya bench``: encoding speed and the time of one question on this machine."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from corpus import load_directory
from embeddings.indexing import cut_passages, encode_passages
from qa.assistant import Assistant

QUESTIONS = (
    "Apa yang dikatakan Wang Yi tentang Kazakhstan?",
    "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?",
    "Apa kata Wang kepada Blinken tentang krisis di Ukraina?",
    "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?",
)


def benchmark(assistant: Assistant, folder: Path, rounds: int = 3) -> dict:
    """Passages encoded per second (the folder's passages, ``rounds`` times) and ask latency in ms."""
    assistant.warm_up()
    passages = cut_passages(load_directory(folder), assistant.index.chunking) * rounds
    started = time.perf_counter()
    encode_passages(assistant.encoder, passages)
    encode_seconds = time.perf_counter() - started
    timings = []
    for question in QUESTIONS * rounds:
        started = time.perf_counter()
        assistant.ask(question)
        timings.append(1000 * (time.perf_counter() - started))
    return {
        "passages_encoded": len(passages),
        "passages_per_second": round(len(passages) / encode_seconds, 1),
        "questions_asked": len(timings),
        "ask_ms_median": round(statistics.median(timings), 1),
        "ask_ms_max": round(max(timings), 1),
    }
