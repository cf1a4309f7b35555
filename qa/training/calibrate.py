"""Fit the temperature and the abstention threshold of a reader on the valid sets; report calibration.

``tanya calibrate-reader qa/reader/weights`` runs the model once over the valid files, picks
the temperature that minimises the log-loss of "the best span is an exact match", then the single
threshold that maximises the mean F1 of the files (an abstention scores 1 on an unanswerable
question, 0 otherwise), writes both into ``reader_config.json`` and the report into ``calibration.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.metrics import answer_figures, exact_match
from qa.reader.config import ReaderConfig
from qa.reader.decoding import ScoredWindow, decode
from qa.reader.reader import SpanReader
from qa.config import Settings
from qa.qa_records import QARecord, read_qa_file
from qa.training.data import add_data_dir_option

VALID_FILES = ("tydiqa_id_valid.json", "facqa_valid.json", "idk_mrc_valid.json")
TEMPERATURES = tuple(round(0.5 + 0.1 * i, 1) for i in range(26))
THRESHOLDS = tuple(round(0.01 * i, 2) for i in range(100))
REPORT_NAME = "calibration.json"
BATCH_QUESTIONS = 32


@dataclass(frozen=True)
class Scored:
    """One valid question with the model's windows for its gold context."""

    file: str
    record: QARecord
    windows: list[ScoredWindow]


def reliability(confidences: Sequence[float], correct: Sequence[float], bins: int = 10) -> tuple[float, list[dict]]:
    """Expected calibration error (percent points) and the reliability table over equal-width bins."""
    confidences, correct = np.asarray(confidences, float), np.asarray(correct, float)
    table, ece = [], 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = (confidences >= low) & ((confidences < high) if b < bins - 1 else (confidences <= high))
        if not inside.any():
            continue
        confidence, accuracy = float(confidences[inside].mean()), float(correct[inside].mean())
        ece += inside.mean() * abs(confidence - accuracy)
        table.append({"bin": f"{low:.1f}-{high:.1f}", "questions": int(inside.sum()),
                      "mean_confidence": round(100 * confidence, 1), "exact_match": round(100 * accuracy, 1)})
    return round(100 * ece, 2), table


def score_valid_files(reader: SpanReader, data_dir: Path, files: Sequence[str] = VALID_FILES) -> list[Scored]:
    """Model outputs for every question of the valid files (computed once, decoded many times)."""
    scored = []
    for name in files:
        records = read_qa_file(data_dir / name)
        for begin in range(0, len(records), BATCH_QUESTIONS):
            chunk = records[begin : begin + BATCH_QUESTIONS]
            groups = reader.score_windows([r.question for r in chunk], [[r.context] for r in chunk])
            scored += [Scored(name, record, windows) for record, windows in zip(chunk, groups)]
        print(f"{name}: {len(records)} questions scored", flush=True)
    return scored


def _decode_all(scored: Sequence[Scored], config: ReaderConfig) -> list[tuple[str, float]]:
    """(best span text, its probability) per question under ``config``, ignoring abstention."""
    results = [decode(s.windows, [s.record.context], config, 1) for s in scored]
    return [(r.spans[0].text, r.spans[0].score) if r.spans else ("", 0.0) for r in results]


def _hits(scored: Sequence[Scored], best: Sequence[tuple[str, float]]) -> list[float]:
    """1.0 where the best span is an exact match (never on an unanswerable question)."""
    return [exact_match(text, [a.text for a in s.record.answers]) if s.record.answers else 0.0
            for s, (text, _) in zip(scored, best)]


def fit_temperature(scored: Sequence[Scored], reader: SpanReader) -> float:
    """The temperature minimising the log-loss of the best span's probability against its exact match."""
    def log_loss(temperature: float) -> float:
        best = _decode_all(scored, dataclasses.replace(reader.config, temperature=temperature))
        total = 0.0
        for hit, (_, score) in zip(_hits(scored, best), best):
            p = min(max(score, 1e-6), 1 - 1e-6)
            total -= math.log(p) if hit else math.log(1 - p)
        return total / len(scored)
    return min(TEMPERATURES, key=log_loss)


def file_figures(scored: Sequence[Scored], best: Sequence[tuple[str, float]], threshold: float) -> dict[str, dict]:
    """Per file EM / F1 (percent) when answers below ``threshold`` are withheld."""
    per_file: dict[str, list[tuple[str, list[str]]]] = {}
    for item, (text, score) in zip(scored, best):
        prediction = text if score >= threshold else ""
        per_file.setdefault(item.file, []).append((prediction, [a.text for a in item.record.answers]))
    return {name: answer_figures(pairs) for name, pairs in per_file.items()}


def tune_threshold(scored: Sequence[Scored], best: Sequence[tuple[str, float]]) -> float:
    """The single threshold maximising the mean F1 over the files."""
    def mean_f1(threshold: float) -> float:
        figures = file_figures(scored, best, threshold)
        return sum(f["f1"] for f in figures.values()) / len(figures)
    return max(THRESHOLDS, key=mean_f1)


def calibrate(path: Path, data_dir: Path, cache_dir: Path) -> dict:
    """Fit temperature and threshold of the reader in ``path``, store them, and return the report."""
    reader = SpanReader.from_pretrained(path, cache_dir)
    scored = score_valid_files(reader, data_dir)
    untempered = _decode_all(scored, dataclasses.replace(reader.config, temperature=1.0))
    temperature = fit_temperature(scored, reader)
    config = dataclasses.replace(reader.config, temperature=temperature)
    best = _decode_all(scored, config)
    threshold = tune_threshold(scored, best)
    dataclasses.replace(config, threshold=threshold).save(path)

    ece_before, _ = reliability([score for _, score in untempered], _hits(scored, untempered))
    ece, table = reliability([score for _, score in best], _hits(scored, best))
    report = {
        "temperature": temperature,
        "threshold": threshold,
        "ece_percent_before_temperature": ece_before,
        "ece_percent": ece,
        "reliability": table,
        "valid_figures": file_figures(scored, best, threshold),
    }
    (Path(path) / REPORT_NAME).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """``tanya calibrate-reader WEIGHTS_DIR [--data-dir DIR]``: prints the report as JSON."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="reader directory; its reader_config.json is rewritten")
    settings = Settings.from_env()
    add_data_dir_option(parser, settings.data_dir)
    args = parser.parse_args(argv)
    print(json.dumps(calibrate(args.path, args.data_dir, settings.cache_dir), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
