"""Reading-comprehension files (the SQuAD/IDK-MRC ``{context, qas}`` format) as question records: the one loader.

A file is a JSON list of ``{"context": str, "qas": [{"id", "question", "is_impossible", "answers": [{"text",
"answer_start"}]}]}``. One rule decides what is unanswerable: a question marked ``is_impossible`` or one with no
answers; its record then has no answers (answers listed for an impossible question are ignored).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GoldAnswer:
    """A gold answer: its text and character offset in the context."""

    text: str
    start: int


@dataclass(frozen=True)
class QARecord:
    """One question over one context; no answers means unanswerable."""

    id: str
    question: str
    context: str
    answers: tuple[GoldAnswer, ...]

    @property
    def is_impossible(self) -> bool:
        """True when the context does not answer the question."""
        return not self.answers


@dataclass(frozen=True)
class QAContext:
    """One context of a file and its questions (possibly none)."""

    context: str
    questions: tuple[QARecord, ...]


def read_contexts(path: Path) -> list[QAContext]:
    """Every context of a ``{context, qas}`` file with its questions, in file order."""
    contexts = []
    for item in json.loads(Path(path).read_text(encoding="utf-8")):
        context = item["context"]
        records = []
        for qa in item.get("qas", ()):
            answers = qa.get("answers") or ()
            unanswerable = bool(qa.get("is_impossible")) or not answers
            gold = () if unanswerable else tuple(GoldAnswer(a["text"], a["answer_start"]) for a in answers)
            records.append(QARecord(str(qa.get("id", "")), qa["question"], context, gold))
        contexts.append(QAContext(context, tuple(records)))
    return contexts


def read_qa_file(path: Path) -> list[QARecord]:
    """All questions of a ``{context, qas}`` file, in file order."""
    return [record for context in read_contexts(path) for record in context.questions]
