"""Build the shipped news archive, ``corpus/archive/indosum/indosum.jsonl.gz``, from IndoSum's articles.

Usage: ``tanya build-archive SOURCE.jsonl [--output OUTPUT.jsonl.gz]``, SOURCE being the de-duplicated
IndoSum development folds (fields ``id``, ``url``, ``publisher``, ``category``, ``crawled``, ``text``,
``summary``). Each record keeps its id, URL, crawl time and raw text, gets the publisher's display name
and ``"tokenized": true`` (the loader repairs the tokenisation traces when it reads the file); the
reference summary and the category, which the product does not use, are left out. The output is
the same for the same input (gzip without a time stamp), so rebuilding changes nothing in git.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from corpus import ARCHIVE_ARTICLES

DEFAULT_OUTPUT = ARCHIVE_ARTICLES / "indosum.jsonl.gz"
PUBLISHERS = {
    "cnn indonesia": "CNN Indonesia",
    "kumparan": "Kumparan",
    "dailysocial.id": "DailySocial",
    "antaranews": "ANTARA",
    "merdeka": "Merdeka",
    "juara.net": "Juara.net",
    "suara": "Suara",
    "rimanews": "Rimanews",
    "goal indonesia": "Goal Indonesia",
    "poskotanews": "Poskota",
}
"""IndoSum's publisher names and how the page shows them."""


def shipped_record(record: dict) -> dict:
    """The fields the product uses, with the publisher's display name; raises KeyError for an unknown publisher."""
    return {
        "id": record["id"],
        "url": record["url"],
        "publisher": PUBLISHERS[record["publisher"]],
        "crawled": record["crawled"],
        "tokenized": True,
        "text": record["text"],
    }


def build(source: Path, output: Path) -> int:
    """Write the archive; the number of articles written."""
    records = [shipped_record(json.loads(line)) for line in source.read_text(encoding="utf-8").splitlines() if line]
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0,
                                                 filename="") as packed:
        for record in records:
            packed.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    return len(records)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """``tanya build-archive SOURCE.jsonl [--output OUTPUT.jsonl.gz]``."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="IndoSum's de-duplicated development folds (jsonl)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"default: {DEFAULT_OUTPUT}")
    args = parser.parse_args(argv)
    written = build(args.source, args.output)
    print(f"{written} artikel -> {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")
    return 0
