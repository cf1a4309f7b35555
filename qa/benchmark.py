"""``tanya bench``: the shipped engine raced against plain torch fp32, in one run on this machine.

For each pipeline it measures indexing speed (passages encoded per second, length-sorted batches),
the time of a question end to end (retrieve + read; p50 and p95 over the question file, after one
warm-up question) and answer quality on the question file (:mod:`qa.question_set`). The reference is
the pipeline as it was before the speed work: torch fp32, every retrieved passage read whole. Last, it times the start of ``tanya serve`` on the cached index until
the page has answered a question.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from itertools import cycle, islice
from pathlib import Path

from corpus import Passage, load_directory
from embeddings.engine import cpu_info
from embeddings.indexing import cut_passages, encode_passages
from qa.assistant import Assistant
from qa.config import Settings
from qa.questions import DEFAULT_TOP_K
from qa.question_set import BenchQuestion, ask_questions, load_questions, score_answers
from qa.reader.reader import reader_engine
from qa.reading import ReadingBudget

BUNDLED_QUESTIONS = Path(__file__).resolve().parent / "data" / "bundled_questions.json"
"""Questions written by hand about the bundled articles, answers copied from them."""


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
    """Latency percentiles (ms, after one warm-up question) and answer quality (first round) of ``assistant``."""
    assistant.ask(questions[0].question, top_k=top_k)
    asked = [ask_questions(assistant, questions, top_k) for _ in range(rounds)]
    timings = [ms for _, milliseconds in asked for ms in milliseconds]
    quality = score_answers(questions, asked[0][0]).rates()
    quantiles = statistics.quantiles(timings, n=20)
    return {
        "ask_ms_p50": round(statistics.median(timings), 1),
        "ask_ms_p95": round(quantiles[18], 1),
        "f1": quality["f1"],
        "exact_match": quality["exact_match"],
        "right_article": quality["right_article_rate"],
        "declined": quality["declined_rate"],
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


def benchmark(folder: Path, questions_path: Path, settings: Settings, top_k: int = DEFAULT_TOP_K, rounds: int = 2,
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
            "reader_engine": reader_engine(variant.engine),
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
