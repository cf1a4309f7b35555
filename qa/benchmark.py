"""``tanya bench``: the shipped engine raced against plain torch fp32, in one run on this machine.

For each pipeline it measures indexing speed (passages encoded per second, length-sorted batches),
the time of a question end to end (retrieve + read; p50 and p95 over the question file, after one
warm-up question) and answer quality on the question file (the format of ``../shared/peers``:
``{"questions": [{"q", "answers", "docs"}]}``; ``answers == []`` marks a question the articles do
not answer). The reference is the pipeline as it was before the speed work: torch fp32, every
retrieved passage read whole. Last, it times the start of ``tanya serve`` on the cached index until
the page has answered a question.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

from corpus import Passage, load_directory
from embeddings.engine import cpu_info
from embeddings.indexing import cut_passages, encode_passages
from qa.assistant import Assistant
from qa.config import Settings
from qa.metrics import exact_match, f1_score
from qa.reading import ReadingBudget

BUNDLED_QUESTIONS = Path(__file__).resolve().parent / "data" / "bundled_questions.json"
"""Questions written by hand about the bundled articles, answers copied from them."""


@dataclass(frozen=True)
class BenchQuestion:
    """A question, its accepted answers (none: the articles don't answer it) and the articles that do."""

    question: str
    answers: tuple[str, ...]
    documents: tuple[str, ...]


def load_questions(path: Path) -> list[BenchQuestion]:
    """The questions of a file in the peers' format."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))["questions"]
    return [BenchQuestion(r["q"], tuple(r["answers"]), tuple(r.get("docs", ()))) for r in records]


def pipelines(settings: Settings, top_k: int) -> dict[str, Settings]:
    """The pipelines raced: the reference (torch fp32, whole passages), torch with the reading budget, and the
    shipped one (``settings``)."""
    reference = dataclasses.replace(settings, engine="torch", budget=ReadingBudget(passages=top_k, words_per_passage=None))
    return {
        "torch_fp32": reference,
        "torch_fp32_budget": dataclasses.replace(settings, engine="torch"),
        "shipped": settings,
    }


def encoding_speed(assistant: Assistant, sample: Sequence[Passage]) -> float:
    """Passages of ``sample`` encoded per second."""
    started = time.perf_counter()
    encode_passages(assistant.encoder, sample)
    return len(sample) / (time.perf_counter() - started)


def answer_figures(assistant: Assistant, questions: Sequence[BenchQuestion], top_k: int, rounds: int) -> dict:
    """Latency percentiles (ms, after one warm-up question) and answer quality of ``assistant``."""
    assistant.ask(questions[0].question, top_k=top_k)
    timings, answers = [], []
    for _ in range(rounds):
        for item in questions:
            started = time.perf_counter()
            answers.append(assistant.ask(item.question, top_k=top_k))
            timings.append(1000 * (time.perf_counter() - started))
    answers = answers[: len(questions)]
    answerable = [(q, a) for q, a in zip(questions, answers) if q.answers]
    unanswerable = [a for q, a in zip(questions, answers) if not q.answers]
    quantiles = statistics.quantiles(timings, n=20)
    return {
        "ask_ms_p50": round(statistics.median(timings), 1),
        "ask_ms_p95": round(quantiles[18], 1),
        "f1": _percent([f1_score(a.text, q.answers) for q, a in answerable]),
        "exact_match": _percent([exact_match(a.text, q.answers) for q, a in answerable]),
        "right_article": _percent([a.found and a.document_id in q.documents for q, a in answerable]),
        "declined": _percent([not a.found for a in unanswerable]),
    }


def startup_seconds(folder: Path, settings: Settings, question: str, timeout: float = 300.0) -> float:
    """Seconds from starting ``tanya serve`` on ``folder`` (its index already cached) until the page's ``/tanya``
    API has answered ``question``."""
    from gradio_client import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "TANYA_ENGINE": settings.engine, "TANYA_CACHE_DIR": str(settings.cache_dir)}
    command = [sys.executable, "-m", "qa.cli", "serve", "--corpus", str(folder), "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:
            if "siap" in line:
                break
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"tanya serve was not ready after {timeout:.0f} s")
        else:
            raise RuntimeError(f"tanya serve stopped (exit {server.wait()})")
        Client(f"http://127.0.0.1:{port}/", verbose=False).predict(question, api_name="/tanya")
        return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(30)


def benchmark(folder: Path, questions_path: Path, settings: Settings, top_k: int = 5, rounds: int = 2,
              passages: int = 96) -> dict:
    """Figures of every pipeline of :func:`pipelines`, the speed-ups of the shipped one, and this CPU."""
    questions = load_questions(questions_path)
    sample = list(islice(cycle(cut_passages(load_directory(folder), settings.chunking)), passages))
    cpu = cpu_info()
    figures: dict = {"cpu": cpu.model, "cpu_flags": " ".join(cpu.relevant_flags()), "questions": len(questions)}
    loaded: dict[str, Assistant] = {}  # one assistant (models, index) per engine; pipelines differ in budget
    for name, variant in pipelines(settings, top_k).items():
        if variant.engine not in loaded:
            loaded[variant.engine] = Assistant.from_directory(folder, variant)
            loaded[variant.engine].warm_up()
        assistant = loaded[variant.engine].with_budget(variant.budget)
        measured = {
            "engine": assistant.encoder.engine,
            "budget": f"{variant.budget.passages} passages, {variant.budget.words_per_passage or 'all'} words",
            "passages_per_second": round(encoding_speed(assistant, sample), 1),
            **answer_figures(assistant, questions, top_k, rounds),
        }
        figures.update({f"{name}.{key}": value for key, value in measured.items()})
    figures["shipped.startup_seconds"] = round(startup_seconds(folder, settings, questions[0].question), 2)
    figures["ask_speedup"] = round(figures["torch_fp32.ask_ms_p50"] / figures["shipped.ask_ms_p50"], 2)
    figures["indexing_speedup"] = round(figures["shipped.passages_per_second"]
                                        / figures["torch_fp32.passages_per_second"], 2)
    return figures


def _percent(values: Sequence[float]) -> float | None:
    return round(100 * sum(values) / len(values), 1) if values else None
