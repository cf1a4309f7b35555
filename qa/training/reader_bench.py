"""Milliseconds per full 256-token window of the span reader on this machine."""

from __future__ import annotations

import argparse
import json
import time

from embeddings.engine import ENGINES
from qa.config import Settings
from qa.reader.reader import SpanReader
from qa.reader.windows import collate

FILLER = "Presiden menyampaikan pidato tentang ekonomi, pendidikan dan kesehatan di Jakarta pada hari Senin. "


def bench(reader: SpanReader, batch_size: int = 1, repeats: int = 20) -> float:
    """Mean milliseconds per full window (the reader's ``max_length`` tokens), in batches of ``batch_size``."""
    windows = reader.windows(["Kapan presiden berpidato?"], [FILLER * 40])
    batch = collate([windows[0]] * batch_size, reader.pad_id)
    reader.scorer.logits(batch["input_ids"], batch["attention_mask"])
    started = time.perf_counter()
    for _ in range(repeats):
        reader.scorer.logits(batch["input_ids"], batch["attention_mask"])
    return 1000 * (time.perf_counter() - started) / (repeats * batch_size)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """``tanya bench-reader``: print ms per 256-token window for batch sizes 1 and 16 as one JSON line."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=None, help="reader weights (default: the shipped ones)")
    parser.add_argument("--engine", choices=ENGINES, default="auto", help="inference engine (default: auto)")
    args = parser.parse_args(argv)
    reader = SpanReader.from_pretrained(args.path, Settings.from_env().cache_dir, args.engine)
    figures = {f"ms_per_window_batch_{n}": round(bench(reader, batch_size=n), 1) for n in (1, 16)}
    print(json.dumps({"window_tokens": reader.config.max_length, "engine": reader.engine, **figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
