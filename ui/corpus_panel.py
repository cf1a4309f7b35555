"""The article panel: what is indexed, and turning uploaded files into articles."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from corpus import Document, UnreadableDocumentError, load_file
from qa import Assistant

UPLOAD_SUFFIXES = (".txt", ".md", ".jsonl", ".json", ".html", ".htm")
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
TABLE_HEADERS = ["ID dokumen", "Judul", "Penerbit", "Tanggal", "Passage"]


@dataclass(frozen=True)
class UploadCheck:
    """Articles read from uploaded files, and one Indonesian message per rejected file."""

    documents: list[Document]
    problems: list[str]


def article_rows(assistant: Assistant) -> list[list[str | int]]:
    """One table row per indexed article."""
    counts: dict[str, int] = {}
    for passage in assistant.index.passages:
        counts[passage.document_id] = counts.get(passage.document_id, 0) + 1
    return [
        [d.id, d.title or "—", d.publisher or "—", d.date or "—", counts.get(d.id, 0)]
        for d in assistant.documents()
    ]


def read_uploads(paths: list[Path]) -> UploadCheck:
    """Read uploaded files into articles; a bad file is reported by name and contributes nothing.

    Uploaded articles keep no file path: they live in the index only.
    """
    documents: list[Document] = []
    problems: list[str] = []
    for path in map(Path, paths):
        name = path.name
        if path.suffix.lower() not in UPLOAD_SUFFIXES:
            problems.append(f"{name}: jenis berkas tidak didukung (pakai {', '.join(UPLOAD_SUFFIXES)}).")
        elif path.stat().st_size > MAX_UPLOAD_BYTES:
            problems.append(f"{name}: berkas terlalu besar (maksimal {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).")
        else:
            try:
                documents += [dataclasses.replace(d, path=None) for d in load_file(path)]
            except UnreadableDocumentError:
                problems.append(f"{name}: berkas tidak bisa dibaca sebagai artikel (kosong, biner, atau bukan UTF-8).")
    return UploadCheck(documents, problems)
