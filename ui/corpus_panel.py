"""The article panel: the pages of indexed articles, uploads of new ones, and removal."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from corpus import Document, UnreadableDocumentError, load_file
from embeddings.indexing import Progress
from qa import Assistant
from ui.article_list import ArticleFilter, ArticlePage, article_page, publishers
from ui.render import status
from ui.sources import display_title

UPLOAD_SUFFIXES = (".txt", ".md", ".jsonl", ".json", ".html", ".htm")
MAX_UPLOAD_MB = 2
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UPLOAD_FILES = 10
"""Files in one upload; the page refuses more (and :mod:`ui.guard` refuses bigger requests)."""


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
    """Handlers of the article panel; the index is shared by every visitor.

    Whether a visitor may change it is checked by the page (:mod:`ui.app`) before these run.
    """

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def page(self, query: ArticleFilter = ArticleFilter(), number: int = 1) -> ArticlePage:
        """Page ``number`` of the indexed articles that ``query`` admits, by id."""
        index = self.assistant.index  # one snapshot, even if an upload lands meanwhile
        counts = Counter(p.document_id for p in index.passages)
        return article_page(list(index.documents.values()), counts, query, number)

    def publishers(self) -> list[str]:
        """The publishers of the indexed articles, for the filter."""
        return publishers(list(self.assistant.index.documents.values()))

    @staticmethod
    def choices(page: ArticlePage) -> list[tuple[str, str]]:
        """(title, id) of the articles on ``page``: the choices for removal."""
        return [(f"{row.title} ({row.publisher})" if row.publisher else row.title, row.document_id)
                for row in page.rows]

    def title(self, document_id: str) -> str:
        """The display title of an indexed article (its id if it is gone)."""
        document = self.assistant.index.documents.get(document_id)
        return display_title(document) if document else document_id

    def add(self, paths: list[Path], progress: Progress | None = None) -> str:
        """Clean, chunk and index uploaded files; an HTML status of what was added and refused."""
        if not paths:
            return status(["Pilih berkas artikel terlebih dahulu."], "refused")
        if len(paths) > MAX_UPLOAD_FILES:
            return status([f"Terlalu banyak berkas: paling banyak {MAX_UPLOAD_FILES} sekaligus."], "refused")
        check = read_uploads(paths, [d.id for d in self.assistant.documents()])
        added = []
        if check.documents:
            encoded = self.assistant.add_documents(check.documents, progress=progress)
            names = ", ".join(display_title(d) for d in check.documents)
            added = [f"{len(check.documents)} artikel ditambahkan ({encoded} bagian teks) dan siap ditanya: {names}"]
        return status(added) + status([f"Ditolak — {problem}" for problem in check.problems], "refused")

    def remove(self, document_id: str | None) -> tuple[str, Document | None]:
        """Remove one article from the index; an HTML status and the removed article (to undo)."""
        document = self.assistant.index.documents.get(document_id or "")
        if document is None:
            return status(["Pilih artikel yang akan dihapus."], "refused"), None
        try:
            self.assistant.remove_document(document.id)
        except KeyError:
            return status([f"Artikel «{display_title(document)}» sudah tidak ada di indeks."], "refused"), None
        return status([f"Artikel «{display_title(document)}» dihapus dari indeks."]), document

    def restore(self, document: Document | None, progress: Progress | None = None) -> str:
        """Put a removed article back into the index; an HTML status."""
        if document is None:
            return status(["Tidak ada penghapusan yang bisa diurungkan."], "refused")
        if document.id in self.assistant.index.documents:
            return status([f"Artikel «{display_title(document)}» sudah ada di indeks."], "refused")
        self.assistant.add_documents([document], progress=progress)
        return status([f"Artikel «{display_title(document)}» dikembalikan ke indeks."])
