"""``tanya eval open``: the whole pipeline on a pool of reading-comprehension contexts.

Every context of the given files becomes one document (id ``ctx-<index>``, counted over
all files in order); contexts of ``distractor`` files, and contexts with no answerable
question, only compete in retrieval. Each answerable question is asked against the pool;
so are the unanswerable questions of ``unanswerable`` files, which the assistant should decline.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus import Document
from embeddings.engine import resolve_engine
from embeddings.indexing import Progress
from qa.assistant import Assistant, sync_index
from qa.config import Settings
from qa.metrics import answer_figures, share
from qa.qa_records import read_contexts
from qa.reader.decoding import ReaderResult
from qa.reader_kinds import Reader
from qa.reading import ReadingBudget
from qa.retrieval import RetrievedPassage

MRR_DEPTH = 10


@dataclass(frozen=True)
class OpenQuestion:
    """A question of the pool and the document it was written about; no answers: the pool does not answer it."""

    question: str
    document_id: str
    answers: tuple[str, ...]


def build_pool(files: Sequence[Path], distractors: Sequence[Path] = (),
               unanswerable: Sequence[Path] = ()) -> tuple[list[Document], list[OpenQuestion]]:
    """Documents of every context, the answerable questions of ``files`` and the unanswerable ones of
    ``unanswerable`` (read by :func:`qa.qa_records.read_contexts`, whose rule says which is which).

    A context of a distractor or unanswerable file whose text equals an earlier context is
    not added again, so that a question's answer lives in exactly one document.
    """
    documents: list[Document] = []
    questions: list[OpenQuestion] = []
    document_of: dict[str, str] = {}
    asked = [*((f, "answerable") for f in files), *((d, "none") for d in distractors),
             *((u, "unanswerable") for u in unanswerable)]
    for path, which in asked:
        for item in read_contexts(path):
            context = item.context
            if which != "answerable" and context in document_of:
                document_id = document_of[context]
            else:
                document_id = f"ctx-{len(documents)}"
                document_of.setdefault(context, document_id)
                documents.append(Document(id=document_id, text=context, title=Path(path).stem))
            for record in item.questions:
                if which == ("unanswerable" if record.is_impossible else "answerable"):
                    answers = tuple(answer.text for answer in record.answers)
                    questions.append(OpenQuestion(record.question, document_id, answers))
    return documents, questions


def pool_folder(settings: Settings, files: Sequence[Path], distractors: Sequence[Path]) -> Path:
    """A cache folder name unique to this pool, so repeated evaluations reuse its index."""
    key = hashlib.sha256(
        json.dumps([[str(Path(f).resolve()) for f in files], [str(Path(d).resolve()) for d in distractors]]).encode()
    ).hexdigest()[:16]
    return settings.cache_dir / "eval" / f"pool-{resolve_engine(settings.engine)}-{key}"


def evaluate_open(
    assistant: Assistant,
    questions: Sequence[OpenQuestion],
    on_question: Callable[[int, int], None] | None = None,
    read: bool = True,
) -> dict:
    """Retrieval and answer figures of ``assistant`` on ``questions`` (percentages, 0–100).

    Each question is retrieved once, ``assistant.top_k`` passages read. Retrieval, ``exact_match`` and ``f1``
    are over the answerable questions; ``declined`` is the share of the
    unanswerable ones (None if there are none) that the assistant declines. With ``read=False`` only
    retrieval is measured (``exact_match``, ``f1`` and ``declined`` are None).
    """
    hits_at_1 = hits_at_5 = reciprocal = 0.0
    tally = AnswerTally(assistant)
    top_k = assistant.top_k
    started = time.perf_counter()
    for number, item in enumerate(questions, 1):
        retrieved = assistant.retrieve(item.question, top_k=max(top_k, MRR_DEPTH))
        if item.answers:
            documents = [r.passage.document_id for r in retrieved]
            hits_at_1 += item.document_id in documents[:1]
            hits_at_5 += item.document_id in documents[:5]
            if item.document_id in documents:
                reciprocal += 1.0 / (documents.index(item.document_id) + 1)
        if read:
            tally.read(item, retrieved[:top_k])
        if on_question:
            on_question(number, len(questions))
    elapsed = time.perf_counter() - started
    n = max(sum(1 for item in questions if item.answers), 1)
    return {
        "questions": sum(1 for item in questions if item.answers),
        "passages": len(assistant.index),
        "recall@1": round(100 * hits_at_1 / n, 2),
        "recall@5": round(100 * hits_at_5 / n, 2),
        "mrr@10": round(100 * reciprocal / n, 2),
        **(tally.figures() if read else {"exact_match": None, "f1": None, "declined": None}),
        "unanswerable": sum(1 for item in questions if not item.answers),
        "ms_per_question": round(1000 * elapsed / max(len(questions), 1), 1),
    }


def budget_curve(assistant: Assistant, questions: Sequence[OpenQuestion], budgets: Sequence[ReadingBudget],
                 on_question: Callable[[int, int], None] | None = None) -> list[dict]:
    """Answer figures and tokens read per question for each reading budget, over the same retrieved passages
    (``assistant.top_k`` per question)."""
    tallies = [AnswerTally(assistant, budget) for budget in budgets]
    for number, item in enumerate(questions, 1):
        retrieved = assistant.retrieve(item.question)
        for tally in tallies:
            tally.read(item, retrieved)
        if on_question:
            on_question(number, len(questions))
    return [{"read_passages": b.passages, "read_words": b.words_per_passage, **t.figures()}
            for b, t in zip(budgets, tallies)]


class AnswerTally:
    """Reads questions with an assistant (under another reading budget, if given) and adds up EM/F1 (answerable),
    declined (unanswerable), tokens read and time."""

    def __init__(self, assistant: Assistant, budget: ReadingBudget | None = None) -> None:
        self.counter = TokenCounter(assistant.reader)
        self.assistant = assistant.with_budget(budget or assistant.budget)  # a copy: the caller's keeps its reader
        self.assistant.reader = self.counter
        self.scored: list[tuple[str, Sequence[str]]] = []  # (answer, golds) of the answerable questions
        self.declined = self.seconds = 0.0
        self.unanswerable = 0

    def read(self, item: OpenQuestion, retrieved: Sequence[RetrievedPassage]) -> None:
        """Answer ``item`` from ``retrieved`` and count the result."""
        started = time.perf_counter()
        answer = self.assistant.read(item.question, retrieved)
        self.seconds += time.perf_counter() - started
        if item.answers:
            self.scored.append((answer.text, item.answers))
        else:
            self.unanswerable += 1
            self.declined += not answer.found

    def figures(self) -> dict:
        """``exact_match``, ``f1``, ``declined`` (percent), ``tokens_per_question`` and ``read_ms_per_question``."""
        asked = max(len(self.scored) + self.unanswerable, 1)
        quality = answer_figures(self.scored)
        return {
            "exact_match": quality["exact_match"],
            "f1": quality["f1"],
            "declined": share(self.declined, self.unanswerable),
            "tokens_per_question": round(self.counter.tokens / asked, 1),
            "read_ms_per_question": round(1000 * self.seconds / asked, 1),
        }


class TokenCounter:
    """A reader that counts the tokens the wrapped reader reads (``tokens``)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.tokens = 0

    def warm_up(self) -> None:
        """Load the wrapped reader."""
        self.reader.warm_up()

    def read(self, question: str, contexts: Sequence[str], top_n: int = 5,
             context_weights: Sequence[float] | None = None) -> ReaderResult:
        """The wrapped reader's result, its tokens counted."""
        result = self.reader.read(question, contexts, top_n, context_weights)
        self.tokens += result.tokens_read
        return result


def open_assistant(
    files: Sequence[Path],
    distractors: Sequence[Path] = (),
    unanswerable: Sequence[Path] = (),
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> tuple[Assistant, list[OpenQuestion]]:
    """An assistant over the pool of ``files`` + ``distractors`` + ``unanswerable`` and its questions.

    The index is cached per ``files`` and ``distractors``; contexts of ``unanswerable`` files that are
    not already in the pool are added to it (and removed again by a run without them) incrementally.
    """
    settings = settings or Settings.from_env()
    documents, questions = build_pool(files, distractors, unanswerable)
    encoder = settings.encoder_model()
    index_dir = pool_folder(settings, files, distractors)
    index, _ = sync_index(index_dir, documents, encoder, settings, progress)
    return Assistant(index, encoder, index_dir=index_dir, settings=settings), questions
