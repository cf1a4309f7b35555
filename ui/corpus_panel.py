"""The article panel: the table of indexed articles, uploads of new ones, and removal."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from corpus import Document, UnreadableDocumentError, load_file
from embeddings.indexing import Progress
from qa import Assistant
from ui.render import status

UPLOAD_SUFFIXES = (".txt", ".md", ".jsonl", ".json", ".html", ".htm")
MAX_UPLOAD_MB = 2
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
TABLE_HEADERS = ["ID dokumen", "Judul", "Penerbit", "Tanggal", "Bagian"]


@dataclass(frozen=True)
class UploadCheck:
    """Articles read from uploaded files, and one Indonesian message per refused file."""

    documents: list[Document]
    problems: list[str]


def read_uploads(paths: list[Path], known_ids: Collection[str]) -> UploadCheck:
    """Read uploaded files into articles; a bad file is reported by name and contributes nothing.

    Refused: other file types, files over the size limit, unreadable files (binary, not UTF-8,
    empty, no article text) and files whose article ids are already indexed or uploaded twice.
    Uploaded articles keep no file path: they live in the index only.
    """
    documents: list[Document] = []
    problems: list[str] = []
    for path in paths:
        problem, loaded = _read_upload(path)
        taken = {d.id for d in documents} | set(known_ids)
        clashes = sorted({d.id for d in loaded} & taken)
        if not problem and clashes:
            problem = f"artikel dengan ID {', '.join(clashes)} sudah ada (hapus dulu atau ganti nama berkasnya)."
        if problem:
            problems.append(f"{path.name}: {problem}")
        else:
            documents += loaded
    return UploadCheck(documents, problems)


def _read_upload(path: Path) -> tuple[str | None, list[Document]]:
    """A problem with the file (or None) and its articles."""
    if path.suffix.lower() not in UPLOAD_SUFFIXES:
        return f"jenis berkas tidak didukung (yang bisa: {', '.join(UPLOAD_SUFFIXES)}).", []
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        return f"berkas terlalu besar (maksimal {MAX_UPLOAD_MB} MB).", []
    try:
        loaded = load_file(path)
    except UnreadableDocumentError:
        return "berkas tidak bisa dibaca sebagai artikel (kosong, biner, bukan UTF-8, atau tanpa teks artikel).", []
    if len({d.id for d in loaded}) < len(loaded):
        return "berkas berisi beberapa artikel dengan ID yang sama.", []
    return None, [dataclasses.replace(d, path=None) for d in loaded]


class CorpusPanel:
    """Handlers of the article panel; the index is shared by every visitor."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def rows(self) -> list[list[str | int]]:
        """One table row per indexed article: id, title, publisher, date, number of passages."""
        index = self.assistant.index  # one snapshot, even if an upload lands meanwhile
        counts = Counter(p.document_id for p in index.passages)
        return [[d.id, d.title or "—", d.publisher or "—", d.date or "—", counts[d.id]]
                for d in sorted(index.documents.values(), key=lambda d: d.id)]

    def ids(self) -> list[str]:
        """The ids of the indexed articles (the choices for removal)."""
        return [d.id for d in self.assistant.documents()]

    def add(self, paths: list[Path], progress: Progress | None = None) -> str:
        """Clean, chunk and index uploaded files; an HTML status of what was added and refused."""
        if not paths:
            return status(["Pilih berkas artikel terlebih dahulu."])
        check = read_uploads(paths, self.ids())
        lines = [f"Ditolak — {problem}" for problem in check.problems]
        if check.documents:
            encoded = self.assistant.add_documents(check.documents, progress=progress)
            names = ", ".join(d.title or d.id for d in check.documents)
            lines.insert(0, f"{len(check.documents)} artikel ditambahkan ({encoded} bagian teks) dan siap ditanya: {names}")
        return status(lines)

    def remove(self, document_id: str | None) -> str:
        """Remove one article from the index; an HTML status."""
        if not document_id:
            return status(["Pilih artikel yang akan dihapus."])
        try:
            self.assistant.remove_document(document_id)
        except KeyError:
            return status([f"Artikel {document_id} sudah tidak ada di indeks."])
        return status([f"Artikel {document_id} dihapus dari indeks."])
