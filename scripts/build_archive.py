"""Build the shipped news archive, ``corpus/archive/indosum/indosum.jsonl.gz``, from IndoSum's articles.

Usage: ``python scripts/build_archive.py SOURCE.jsonl [OUTPUT.jsonl.gz]``, SOURCE being the de-duplicated
IndoSum development folds (fields ``id``, ``url``, ``publisher``, ``category``, ``crawled``, ``text``,
``summary``). Each record keeps its id, URL, crawl time and raw text, gets the publisher's display name
and ``"tokenized": true`` (the loader repairs the tokenisation traces when it reads the file); the
reference summary and the category, which the product does not use, are left out. The output is
the same for the same input (gzip without a time stamp), so rebuilding changes nothing in git.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "corpus" / "archive" / "indosum" / "indosum.jsonl.gz"
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


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    target = Path(sys.argv[2]) if len(sys.argv) == 3 else DEFAULT_OUTPUT
    print(f"{build(Path(sys.argv[1]), target)} artikel -> {target} ({target.stat().st_size / 1e6:.1f} MB)")
