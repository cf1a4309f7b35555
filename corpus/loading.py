"""Load news articles from text, files and directories into cleaned ``Document``s.

Supported files (UTF-8): ``.txt`` / ``.md`` (one article, id = file stem), ``.html`` / ``.htm``
(main text and metadata extracted with trafilatura, id = file stem), ``.json`` (an object or a
list of objects), ``.jsonl`` (one object per line) and ``.jsonl.gz`` (the same, gzip-compressed,
read line by line). JSON records need a ``text`` string and may carry ``id``, ``title``, ``url``,
``date``, ``publisher``, ``source``, the credits (``editor``, ``translator``, ``writer``,
``photographer``, ``photo_caption``), ``crawled`` (when the article was collected: the date of
last resort) and ``tokenized`` (true: the text was joined back from word tokens and gets the
tokenisation repairs of :mod:`corpus.tokenization`); a record without an id gets ``f"{stem}-{i}"``
(``i`` counts the records of the file from 0).

An article without a title gets one from its URL's slug, and one without a date the date in its
URL (:mod:`corpus.urls`), else a date line of its text, else ``crawled``.

A file that cannot be used raises ``UnreadableDocumentError`` from ``load_file``;
``load_directory`` and ``ArticleFolder`` (which reads a folder lazily, one file at a time) warn
(``CorpusLoadWarning``) and go on. Inside a JSON file, a bad record (or,
in a ``.jsonl`` file, a line that is not JSON) is skipped with a warning naming it; a file with no
usable record at all is unreadable, and so is JSON that Python cannot parse safely (nested too
deeply, numbers of thousands of digits).

A file name that is not valid UTF-8 is kept, but its id and ``path`` write the bytes that are not
UTF-8 as ``\\xff`` (``bad\\xffname.txt`` gives the id ``bad\\xffname``), with a warning: ids and
paths are stored as UTF-8 text.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from corpus.cleaning import clean_article
from corpus.errors import CorpusLoadWarning, UnreadableDocumentError
from corpus.html_extraction import extract_html
from corpus.metadata import PRINTED_FIELDS
from corpus.types import Document
from corpus.urls import date_from_url, title_from_url
from corpus.valid_text import has_lone_surrogates

_RECORD_METADATA = ("title", "url", "date", "publisher", "source", "crawled", *PRINTED_FIELDS)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?=T|\s|$)")
MAX_ARTICLE_CHARS = 1_000_000
"""Longer texts are not one news article (a long one has 30,000 characters): refused, not indexed for hours."""


def document_from_text(
    doc_id: str,
    raw_text: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    source: str | None = None,
    date: str | None = None,
    url: str | None = None,
    path: str | None = None,
    crawled: str | None = None,
    tokenized: bool = False,
    editor: str | None = None,
    translator: str | None = None,
    writer: str | None = None,
    photographer: str | None = None,
    photo_caption: str | None = None,
    related_headlines: str | None = None,
) -> Document:
    """Clean raw article text (e.g. an upload) into a Document.

    Metadata given here (the credits ``editor`` … ``photo_caption`` and ``related_headlines`` included) wins over
    metadata found in the text; a missing title is made from the URL's slug, a missing date is the URL's, else the
    text's, else the day of ``crawled`` (an ISO date-time). ``tokenized`` text gets the tokenisation
    repairs. Raises ``UnreadableDocumentError``
    when the text is longer than :data:`MAX_ARTICLE_CHARS` or nothing of the article body is left
    after cleaning.
    """
    if len(raw_text) > MAX_ARTICLE_CHARS:
        raise UnreadableDocumentError(
            path or doc_id, f"{len(raw_text):,} characters: too long for one article (at most {MAX_ARTICLE_CHARS:,})")
    cleaned = clean_article(raw_text, known_title=title, tokenized=tokenized)
    if not cleaned.text:
        raise UnreadableDocumentError(path or doc_id, "no article text after cleaning")
    found = cleaned.metadata
    return Document(
        id=doc_id,
        text=cleaned.text,
        title=title or found.title or (title_from_url(url, cleaned.text) if url else None),
        publisher=publisher or found.publisher,
        source=source or found.source,
        date=date or (date_from_url(url) if url else None) or found.date or _day_of(crawled),
        url=url or None,
        path=path,
        editor=editor or found.editor,
        translator=translator or found.translator,
        writer=writer or found.writer,
        photographer=photographer or found.photographer,
        photo_caption=photo_caption or found.photo_caption,
        related_headlines=related_headlines or found.related_headlines,
    )


def _day_of(moment: str | None) -> str | None:
    """The "YYYY-MM-DD" of an ISO date-time ("2016-09-03T18:00:41+00:00"); other text as it is."""
    if not moment:
        return None
    day = _ISO_DAY.match(moment)
    return day.group() if day else moment


def load_file(path: str | Path) -> list[Document]:
    """Load the article(s) in one file; raises ``UnreadableDocumentError`` if it cannot be used."""
    path = Path(path)
    suffix = _suffix(path)
    if suffix not in _READERS and suffix != _JSONL_GZ:
        raise UnreadableDocumentError(path, f"unsupported file type {suffix or '(none)'!r}")
    named = Path(_valid_text(str(path)))
    if named != path:
        _warn(f"{named}: file name is not valid UTF-8; its article is indexed as {named.stem!r}")
    if suffix == _JSONL_GZ:
        return _read_jsonl_gz(path, named)
    return _READERS[suffix](named, _read_text(path))


def _suffix(path: Path) -> str:
    """The file type: ``.jsonl.gz`` or the last suffix, lower-cased."""
    return _JSONL_GZ if path.name.lower().endswith(_JSONL_GZ) else path.suffix.lower()


class ArticleFolder(Iterable[Document]):
    """The articles under a directory, read lazily: each iteration lists the files (recursively, in sorted path
    order), then reads, cleans and yields one file's articles at a time, so that a folder of 100,000 articles is
    never held in memory whole. Iterating again reads the files again.

    Hidden files and folders (name starting with ".") are ignored. Unusable files, and documents whose id was
    already loaded from an earlier file, are skipped with a ``CorpusLoadWarning`` when they are reached.
    """

    def __init__(self, path: str | Path) -> None:
        self.root = Path(path)
        if not self.root.is_dir():
            raise NotADirectoryError(f"{self.root}: not a directory")

    def __iter__(self) -> Iterator[Document]:
        seen_ids: set[str] = set()
        for file in _article_files(self.root):
            try:
                loaded = load_file(file)
            except UnreadableDocumentError as error:
                _warn(f"skipping {error}")
                continue
            for document in loaded:
                if document.id in seen_ids:
                    _warn(f"skipping {file}: duplicate document id {document.id!r}")
                    continue
                seen_ids.add(document.id)
                yield document


def load_directory(path: str | Path) -> list[Document]:
    """Every article under a directory, as a list (see :class:`ArticleFolder`, which reads them one file at a
    time)."""
    return list(ArticleFolder(path))


def _article_files(root: Path) -> list[Path]:
    """Non-hidden files under ``root``, sorted by their path relative to it."""
    files = (
        file
        for file in root.rglob("*")
        if file.is_file() and not any(part.startswith(".") for part in file.relative_to(root).parts)
    )
    return sorted(files, key=lambda file: file.relative_to(root).as_posix())


def _valid_text(name: str) -> str:
    """A file name as valid text: its bytes that are not UTF-8 (which Python keeps as lone
    surrogates) written as ``\\xff``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _read_text(path: Path) -> str:
    """Read a UTF-8 text file, rejecting unreadable, binary, non-UTF-8 and empty files."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableDocumentError(path, f"cannot read file ({error.strerror or error})") from error
    if b"\x00" in data:
        raise UnreadableDocumentError(path, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableDocumentError(path, f"not valid UTF-8 (bad byte at offset {error.start})") from error
    if not text.strip():
        raise UnreadableDocumentError(path, "empty file")
    return text


def _read_plain(path: Path, text: str) -> list[Document]:
    return [document_from_text(path.stem, text, path=str(path))]


def _read_html(path: Path, text: str) -> list[Document]:
    page = extract_html(text)
    if page is None:
        raise UnreadableDocumentError(path, "no article text found in the HTML")
    document = document_from_text(
        path.stem,
        page.text,
        title=page.title,
        publisher=page.sitename,
        date=page.date,
        url=page.url,
        path=str(path),
    )
    return [document]


def _read_json(path: Path, text: str) -> list[Document]:
    data = _parse_json(path, text)
    records = data if isinstance(data, list) else [data]
    return _documents_from_records(path, [(i, f"record {i}", record) for i, record in enumerate(records)])


def _read_jsonl(path: Path, text: str) -> list[Document]:
    return _documents_from_records(path, _jsonl_records(path, text.splitlines()))


def _read_jsonl_gz(path: Path, named: Path) -> list[Document]:
    """A gzip-compressed ``.jsonl`` file, decompressed and cleaned line by line (the file is never held whole)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8-sig") as lines:
            return _documents_from_records(named, _jsonl_records(named, lines))
    except OSError as error:
        raise UnreadableDocumentError(path, f"cannot read gzip file ({error.strerror or error})") from error
    except (EOFError, zlib.error) as error:
        raise UnreadableDocumentError(path, f"damaged gzip file ({error})") from error
    except UnicodeDecodeError as error:
        raise UnreadableDocumentError(path, "not valid UTF-8 inside the gzip file") from error


def _jsonl_records(path: Path, lines: Iterable[str]) -> Iterator[tuple[int, str, Any]]:
    """``(index, where, record)`` of the non-blank lines; a line that is not JSON is skipped with a warning."""
    index = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield index, f"line {number}", _parse_json(path, line)
        except UnreadableDocumentError as error:
            _warn(f"skipping {path}, line {number}: {error.reason}")
        index += 1


def _parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableDocumentError(path, f"invalid JSON ({error.msg})") from error
    except RecursionError as error:
        raise UnreadableDocumentError(path, "invalid JSON (nested too deeply)") from error
    except ValueError as error:  # an integer beyond Python's limit on digits
        raise UnreadableDocumentError(path, "invalid JSON (number too long)") from error


def _documents_from_records(path: Path, records: Iterable[tuple[int, str, Any]]) -> list[Document]:
    """Documents from ``(index, where, record)``; bad records are skipped with a warning.

    ``index`` numbers the records of the file from 0, skipped ones included, for default ids."""
    documents = []
    for index, where, record in records:
        try:
            documents.append(_record_to_document(path, index, record))
        except UnreadableDocumentError as error:
            _warn(f"skipping {path}, {where}: {error.reason}")
    if not documents:
        raise UnreadableDocumentError(path, "no usable JSON record")
    return documents


def _record_to_document(path: Path, index: int, record: Any) -> Document:
    if not isinstance(record, dict):
        raise UnreadableDocumentError(path, "record is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise UnreadableDocumentError(path, "record has no 'text' string")
    record_id = record.get("id", f"{path.stem}-{index}")
    if not isinstance(record_id, str | int) or isinstance(record_id, bool) or not str(record_id).strip():
        raise UnreadableDocumentError(path, "record 'id' must be a non-empty string or an integer")
    metadata = {name: record.get(name) for name in _RECORD_METADATA}
    for name, value in metadata.items():
        if value is not None and not isinstance(value, str):
            raise UnreadableDocumentError(path, f"record field {name!r} must be a string")
    tokenized = record.get("tokenized", False)
    if not isinstance(tokenized, bool):
        raise UnreadableDocumentError(path, "record field 'tokenized' must be true or false")
    if any(has_lone_surrogates(value) for value in (text, str(record_id), *metadata.values()) if value):
        raise UnreadableDocumentError(path, "record holds text that is not valid Unicode (lone surrogate escapes)")
    return document_from_text(str(record_id), text, path=str(path), tokenized=tokenized, **metadata)


def _warn(message: str) -> None:
    warnings.warn(message, CorpusLoadWarning, stacklevel=3)


_JSONL_GZ = ".jsonl.gz"
_READERS: dict[str, Callable[[Path, str], list[Document]]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".html": _read_html,
    ".htm": _read_html,
    ".json": _read_json,
    ".jsonl": _read_jsonl,
}
