"""Milliseconds per full 256-token window on this machine (``python -m qa.reader.bench``)."""

from __future__ import annotations

import argparse
import json
import time

import torch

from qa.reader.reader import SpanReader
from qa.reader.windows import collate, encode_windows

FILLER = "Presiden menyampaikan pidato tentang ekonomi, pendidikan dan kesehatan di Jakarta pada hari Senin. "


def bench(reader: SpanReader, window_tokens: int = 256, batch_size: int = 1, repeats: int = 20, threads: int = 2) -> float:
    """Mean milliseconds per window of exactly ``window_tokens`` tokens, in batches of ``batch_size``."""
    torch.set_num_threads(threads)
    windows = encode_windows(reader.tokenizer, ["Kapan presiden berpidato?"], [FILLER * 40], window_tokens, 0)
    batch = collate([windows[0]] * batch_size, reader.tokenizer.pad_token_id)
    with torch.inference_mode():
        reader.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        started = time.perf_counter()
        for _ in range(repeats):
            reader.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    return 1000 * (time.perf_counter() - started) / (repeats * batch_size)


def main(argv: list[str] | None = None) -> int:
    """Print ms per 256-token window for batch sizes 1 and 16 as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=None, help="reader weights (default: the shipped ones)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    reader = SpanReader.from_pretrained(args.path)
    figures = {f"ms_per_window_batch_{n}": round(bench(reader, batch_size=n, threads=args.threads), 1) for n in (1, 16)}
    print(json.dumps({"window_tokens": 256, "threads": args.threads, **figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
