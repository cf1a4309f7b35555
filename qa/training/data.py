"""Reading-comprehension files (the IDK-MRC JSON format) as flat question records, and where they live."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_VARIABLE = "TANYA_DATA_DIR"
"""Environment variable naming the folder of reading-comprehension files when ``--data-dir`` is not given
(read by :class:`qa.config.Settings`, ``data_dir``)."""


@dataclass(frozen=True)
class Answer:
    """A gold answer: its text and character offset in the context."""

    text: str
    start: int


@dataclass(frozen=True)
class QARecord:
    """One question over one context; no answers means unanswerable."""

    id: str
    question: str
    context: str
    answers: tuple[Answer, ...]

    @property
    def is_impossible(self) -> bool:
        """True when the context does not answer the question."""
        return not self.answers


def read_qa_file(path: Path) -> list[QARecord]:
    """All questions of a file: a JSON list of ``{context, qas: [{id, question, is_impossible, answers}]}``."""
    records = []
    for item in json.loads(Path(path).read_text(encoding="utf-8")):
        for qa in item["qas"]:
            answers = () if qa["is_impossible"] else tuple(
                Answer(a["text"], a["answer_start"]) for a in qa["answers"]
            )
            records.append(QARecord(qa["id"], qa["question"], item["context"], answers))
    return records


def data_folder(text: str) -> Path:
    """``text`` as the path of an existing folder (an ``argparse`` type); refuses anything else clearly."""
    path = Path(text).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(
            f"reading-comprehension data folder {path} does not exist (give --data-dir or set ${DATA_DIR_VARIABLE})")
    return path


def add_data_dir_option(parser: argparse.ArgumentParser, default: Path | None) -> None:
    """``--data-dir``: the folder of reading-comprehension files; required unless ``default``
    (``Settings.data_dir``, from ``$TANYA_DATA_DIR``) names it."""
    parser.add_argument("--data-dir", type=data_folder, default=None if default is None else str(default),
                        required=default is None,
                        help=f"folder of the reading-comprehension files (default: ${DATA_DIR_VARIABLE})")
