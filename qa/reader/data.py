"""Reading-comprehension files (the IDK-MRC JSON format of ../shared/data) as flat question records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"
"""../shared/data next to the repository: the reading-comprehension files (see its README)."""


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
