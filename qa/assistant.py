"""The Python API: ``Assistant.from_directory(path).ask("…")``."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import logging
import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from corpus import ArticleFolder, Document, Passage, split_sentences
from embeddings import (
    Encoder,
    IndexCorruptedError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexStoreError,
    IndexUpdate,
    PassageIndex,
    ResumableEncoder,
    UploadStore,
    add_documents,
    check_compatible,
    current_version,
    index_write_lock,
    read_manifest,
    remove_documents,
)
from embeddings.engine import resolve_engine
from embeddings.indexing import DocumentEncoder, Progress
from embeddings.sharded import plan_update, write_index
from qa.answer import Alternative, Answer, ArticleRef, Evidence
from qa.answer_check import Candidate
from qa.answer_types import answer_kind, kind_part
from qa.corroboration import corroborations, disputes, same_answer
from qa.credits import credit_answer, headlines_asked_about, photos_asked_about, printed_answer
from qa.config import Settings
from qa.conversation import retrieval_query, understood_as
from qa.dates import date_meaning, whole_date
from qa.questions import (  # noqa: F401 (MAX_QUESTION_CHARS, EmptyQuestionError: re-exported)
    MAX_QUESTION_CHARS,
    EmptyQuestionError,
    check_top_k,
    prepare_history,
    prepare_question,
)
from qa.reader_kinds import Reader, load_reader
from qa.reading import ReadingBudget, plan_reading
from qa.retrieval import RetrievalMode, RetrievedPassage, Retriever
from qa.spelling import in_standard_spelling

MAX_ALTERNATIVES = 3
CANDIDATES = 8
"""How many of the reader's spans are checked against the question (:mod:`qa.answer_check`)."""
MIN_ALTERNATIVE_SCORE = 0.05
"""Alternatives less likely than this are noise, not answers worth showing."""
PASSAGE_RANK_DECAY = 1.0
"""The reader's answers in the passage at retrieval rank r (0 = best) are weighted by exp(-r / decay):
the reader alone is too sure of plausible spans in passages that do not answer. On the open-domain
pool of the README's ``tanya eval open`` example (top 5), decays 0.5 / 1 / 1.5 / 2 / none give F1
63.3 / 65.3 / 65.8 / 65.8 / 53.3 and decline 78.3 / 75.9 / 74.1 / 72.5 / 62.3 % of the unanswerable
questions (reader model card: "Rank weighting")."""

logger = logging.getLogger(__name__)


def index_dir_for(folder: Path, settings: Settings) -> Path:
    """Where the cached index of an article folder lives (one per engine: their vectors are not mixed)."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return settings.cache_dir / "indexes" / f"{Path(folder).resolve().name}-{resolve_engine(settings.engine)}-{key}"


class Assistant:
    """Answers Indonesian questions from an index of news articles.

    Reading is lock-free on an immutable index snapshot; changes to the index (adding or
    removing articles) are serialised and saved atomically when the assistant has an
    ``index_dir``: across processes too, by the index's write lock, and each change is made
    to the latest saved version, so concurrent writers never undo each other.
    """

    def __init__(
        self,
        index: PassageIndex,
        encoder: Encoder,
        reader: Reader | None = None,
        index_dir: Path | None = None,
        settings: Settings | None = None,
    ) -> None:
        """An assistant over ``index``, configured by ``settings`` (default: ``Settings.from_env()``): its
        retrieval mode, ``top_k``, reading budget and answer check, and the reader when ``reader`` is None."""
        settings = settings or Settings.from_env()
        self.settings = settings
        self.encoder = encoder
        self.check = settings.answer_check()
        self.reader = reader if reader is not None else load_reader(settings, encoder)
        self.index_dir = Path(index_dir) if index_dir else None
        self.retrieval: RetrievalMode = settings.retrieval
        self.top_k = settings.top_k
        self.budget = settings.budget
        self._retriever = Retriever(index, encoder, self.retrieval)
        self._write_lock = threading.Lock()

    @classmethod
    def from_directory(
        cls,
        path: Path | str,
        settings: Settings | None = None,
        progress: Progress | None = None,
    ) -> "Assistant":
        """Index the articles of a folder (cached; brought up to date when the folder changed).

        Articles added through :meth:`add_documents` (uploads) stay in the cached index; an
        index built by another encoder, chunking or format, or a damaged one, is rebuilt.
        ``settings`` (default: ``Settings.from_env()``) configure models, index and answering.
        """
        settings = settings or Settings.from_env()
        folder = Path(path)
        if not folder.is_dir():
            raise NotADirectoryError(f"not a folder of articles: {folder}")
        encoder = settings.encoder_model()
        index_dir = index_dir_for(folder, settings)
        index, update = sync_index(index_dir, ArticleFolder(folder), encoder, settings, progress, keep_uploaded=True)
        if update is not None and (update.added or update.changed or update.removed):
            logger.info("index updated: %d added, %d changed, %d removed",
                        len(update.added), len(update.changed), len(update.removed))
        return cls(index, encoder, index_dir=index_dir, settings=settings)

    @classmethod
    def from_index(cls, index_dir: Path | str, settings: Settings | None = None) -> "Assistant":
        """Open a saved index as it is; refuses one built by another encoder or chunking."""
        settings = settings or Settings.from_env()
        encoder = settings.encoder_model()
        check_compatible(read_manifest(index_dir), encoder.info, settings.chunking)
        return cls(PassageIndex.load(index_dir), encoder, index_dir=index_dir, settings=settings)

    @property
    def index(self) -> PassageIndex:
        """The current index snapshot."""
        return self._retriever.index

    def warm_up(self) -> None:
        """Load every model and build the BM25 index now rather than on the first question."""
        self._retriever.warm_up()
        self.reader.warm_up()

    def retrieve(self, question: str, top_k: int | None = None, history: Sequence[str] = ()) -> list[RetrievedPassage]:
        """The ``top_k`` (default: the settings') passages most likely to answer ``question`` (with follow-up
        context from ``history``)."""
        question, history = prepare_question(question), prepare_history(history)
        top_k = check_top_k(self.top_k if top_k is None else top_k)
        return self._retriever.retrieve(retrieval_query(question, history), top_k)

    def ask(self, question: str, top_k: int | None = None, history: Sequence[str] = ()) -> Answer:
        """Answer ``question`` from the ``top_k`` best passages (default: ``Settings.top_k``).

        ``history`` holds the user's earlier questions of the conversation, oldest first; a
        follow-up such as "Kapan itu terjadi?" borrows their topic for retrieval, and the answer's
        ``understood_as`` then says so. Chat spellings ("yg", "brp", "pm") are read written out
        (:mod:`qa.spelling`); the answer keeps the question as typed.
        Raises :class:`EmptyQuestionError` for an empty question (or one of invisible characters
        only), ``TypeError``/``ValueError`` for arguments of the wrong type or value.
        """
        typed, history = prepare_question(question), prepare_history(history)
        top_k = check_top_k(self.top_k if top_k is None else top_k)
        retriever = self._retriever  # one snapshot for the whole answer, even if the index changes meanwhile
        question = in_standard_spelling(typed)
        query = retrieval_query(question, [in_standard_spelling(earlier) for earlier in history])
        answer = self.read(question, retriever.retrieve(query, top_k), retriever.index, query)
        return dataclasses.replace(answer, question=typed, understood_as=understood_as(typed, history))

    def read(self, question: str, retrieved: Sequence[RetrievedPassage], index: PassageIndex | None = None,
             query: str | None = None) -> Answer:
        """Answer ``question`` from passages already ``retrieved`` (best first) from ``index`` (default: the
        current one): the reader's candidates (see :meth:`candidates`), each checked against the question
        (:mod:`qa.answer_check`); the most probable is the answer unless it is below the check's threshold. A
        question about the article's editor, translator, writer, photographer or publication is answered from
        the credits it prints (:mod:`qa.credits`)."""
        documents = (index or self.index).documents
        evidence = tuple(Evidence(ArticleRef.of(documents[r.passage.document_id]), r.passage.text, r.score)
                         for r in retrieved)
        if (credit := credit_answer(question, retrieved, documents)) is not None:
            return dataclasses.replace(credit, evidence=evidence)
        found = self.candidates(question, retrieved, index, query)
        answers = _in_the_readers_words([
            (dataclasses.replace(found[i][0], score=confidence), found[i][1])
            for i, confidence in self.check.ranked(question, [candidate for _, candidate in found], query)])
        if not answers or answers[0].score < self.check.threshold:
            best_score = answers[0].score if answers else 0.0
            return Answer(question=question, text="", found=False, score=best_score,
                          alternatives=tuple(Alternative.of(a) for a in answers[:MAX_ALTERNATIVES]), evidence=evidence)
        best, *others = answers
        candidates = [Alternative.of(a) for a in others]
        alternatives = tuple(c for c in candidates
                             if c.score >= MIN_ALTERNATIVE_SCORE and not same_answer(c.text, best.text))
        passages = [r.passage for r in retrieved]
        return dataclasses.replace(
            best, alternatives=alternatives[:MAX_ALTERNATIVES], evidence=evidence,
            corroborated_by=corroborations(query or question, best, candidates, passages, documents,
                                           MIN_ALTERNATIVE_SCORE),
            disputed_by=disputes(question, best, candidates, self.check.threshold),
            date_meaning=date_meaning(best.text, best.article.date, best.passage[best.end:]),
        )

    def candidates(self, question: str, retrieved: Sequence[RetrievedPassage], index: PassageIndex | None = None,
                   query: str | None = None) -> list[tuple[Answer, Candidate]]:
        """The reader's best spans in ``retrieved`` as answers (scored by the reader), each with what the answer
        check weighs. The reader reads as much of the passages as the reading budget allows: of each, the
        sentences sharing most words with ``query``, the text they were retrieved with (default: the question;
        a follow-up's includes the topic of the conversation), and for a question about a photo the retrieved
        articles' photo captions, and the headlines they link to that hold nearly all the question's words
        (:mod:`qa.credits`); its probabilities are discounted by rank. A span is widened
        to its whole date ("Senin (10/1)") and cut to the part of the kind asked for (a time without the clause
        after it, :func:`qa.answer_types.kind_part`)."""
        documents = (index or self.index).documents
        excerpts = plan_reading(query or question, [r.passage.text for r in retrieved], self.budget)
        photos = photos_asked_about(question, retrieved, documents)
        printed = [(article, article.photo_caption or "") for article in photos]
        printed += headlines_asked_about(question, retrieved, documents)
        contexts = [e.text for e in excerpts] + [line for _, line in printed]
        weights = [math.exp(-e.passage_index / PASSAGE_RANK_DECAY) for e in excerpts] + [1.0] * len(printed)
        result = self.reader.read(question, contexts, top_n=CANDIDATES, context_weights=weights)
        kind = answer_kind(question)
        found = []
        for span in result.spans:
            if span.context_index >= len(excerpts):  # a photo caption or linked headline, read as if ranked first
                article, line = printed[span.context_index - len(excerpts)]
                answer = printed_answer(question, article, line, span.start, span.end, span.score)
                found.append((answer, Candidate(answer.text, answer.sentence, answer.passage, span.score, 0,
                                                neighbours=_neighbours(answer), heading=_heading(article))))
                continue
            excerpt = excerpts[span.context_index]
            passage = retrieved[excerpt.passage_index].passage
            start, end = whole_date(passage.text, excerpt.start + span.start, excerpt.start + span.end)
            end = start + len(kind_part(kind, passage.text[start:end]))
            answer = _answer(question, documents, passage, start, end, span.score)
            found.append((answer, Candidate(answer.text, answer.sentence, passage.text, span.score,
                                            excerpt.passage_index, neighbours=_neighbours(answer),
                                            heading=_heading(documents[passage.document_id]))))
        return [(answer, dataclasses.replace(candidate, support=_support(answer, found))) for answer, candidate in found]

    def with_budget(self, budget: ReadingBudget) -> "Assistant":
        """The same assistant (index, models, index folder) reading under another budget."""
        other = copy.copy(self)
        other.budget = budget
        return other

    def documents(self) -> list[Document]:
        """The articles in the index, sorted by id."""
        return sorted(self.index.documents.values(), key=lambda d: d.id)

    def add_documents(self, documents: Sequence[Document], progress: Progress | None = None) -> int:
        """Add (or replace) articles; returns the number of passages encoded. Saved atomically.

        Articles from no file (``path`` None, e.g. uploads) are also kept in the index's
        upload store, so that a rebuild of the index keeps them.
        """
        with self._write_lock, self._index_lock():
            index, encoded = add_documents(self._latest_index(), documents, self.encoder, progress)
            self._publish(index)
            if self.index_dir:
                store = UploadStore(self.index_dir)
                for document in documents:
                    if document.path is None:
                        store.put(document)
                    else:
                        store.discard(document.id)
        return encoded

    def remove_document(self, document_id: str) -> None:
        """Remove one article from the index (``KeyError`` if unknown). Saved atomically."""
        with self._write_lock, self._index_lock():
            self._publish(remove_documents(self._latest_index(), [document_id]))
            if self.index_dir:
                UploadStore(self.index_dir).discard(document_id)

    def _index_lock(self) -> AbstractContextManager:
        return index_write_lock(self.index_dir) if self.index_dir else nullcontext()

    def refresh(self) -> bool:
        """Take up the saved index if another process saved a newer version since this snapshot; returns
        whether the snapshot changed. Cheap when nothing changed (one read of the index's ``CURRENT``), so
        a replica (:mod:`qa.replicas`) calls it before every answer. A saved index that cannot be used
        (damaged, of another encoder) is logged and the current snapshot kept."""
        if not self.index_dir:
            return False
        with self._write_lock:
            try:
                saved = self._saved_if_newer()
            except IndexStoreError as error:
                logger.warning("the saved index cannot be taken up (%s); answering from the loaded copy", error)
                return False
            if saved is None:
                return False
            self._use(saved)
        return True

    def _saved_if_newer(self) -> PassageIndex | None:
        """The saved index if its version differs from this snapshot's (checked compatible), else None."""
        if current_version(self.index_dir) == self.index.version:
            return None
        check_compatible(read_manifest(self.index_dir), self.encoder.info, self.index.chunking)
        return PassageIndex.load(self.index_dir)

    def _latest_index(self) -> PassageIndex:
        """The index to change (write lock held): the saved one if another process saved since this snapshot."""
        index = self.index
        if not self.index_dir:
            return index
        try:
            saved = self._saved_if_newer()
        except IndexNotFoundError:
            return index  # not saved yet
        except IndexCorruptedError as error:
            logger.warning("the saved index cannot be read (%s); this change is made to the loaded copy", error)
            return index
        return index if saved is None else saved

    def _publish(self, index: PassageIndex) -> None:
        if self.index_dir:
            index.save(self.index_dir)
        self._use(index)

    def _use(self, index: PassageIndex) -> None:
        """Answer from ``index`` from now on (questions already being answered keep their snapshot)."""
        retriever = Retriever(index, self.encoder, self.retrieval)
        retriever.warm_up()
        self._retriever = retriever


def sync_index(
    index_dir: Path,
    documents: Iterable[Document],
    encoder: Encoder | DocumentEncoder,
    settings: Settings,
    progress: Progress | None = None,
    keep_uploaded: bool = False,
) -> tuple[PassageIndex, IndexUpdate | None]:
    """Load the index at ``index_dir`` and bring it up to date with ``documents``.

    ``documents`` is gone over twice at most, one article at a time (a list, or an :class:`ArticleFolder`, which
    reads its files again each time; not a one-shot iterator): once to see what changed, once to write the new
    version shard by shard (:mod:`embeddings.sharded`), so that a folder of any size is indexed in bounded memory.
    With ``keep_uploaded``, the articles added through the API (the index's upload store) are kept too. A
    missing, incompatible or damaged index is rebuilt from ``documents`` and those (the returned update is then
    None). An index already up to date is only read; otherwise the index's write lock is held while it changes
    (waiting for another process writing it), and vectors are saved in steps while encoding
    (``embeddings.resumable``): a killed run loses at most a step, and the last saved version stays live. A
    :class:`DocumentEncoder` (a cluster) encodes the same way, but not resumably.
    """
    if iter(documents) is documents:
        raise TypeError("documents must be a list or an ArticleFolder (read twice), not a one-shot iterator")
    try:
        index = _load_compatible(index_dir, encoder, settings)
        plan = plan_update(index, _wanted(index_dir, index, documents, keep_uploaded), index.chunking)
        if plan.up_to_date and not (keep_uploaded and _unstored_uploads(UploadStore(index_dir), index)):
            return index, IndexUpdate([], [], [], plan.unchanged, 0)
    except IndexStoreError:
        index, plan = None, None  # missing, incompatible or damaged: seen again, and rebuilt, under the write lock
    with index_write_lock(index_dir):
        planned = index.version if index else None
        try:
            index = _load_compatible(index_dir, encoder, settings)
        except IndexNotFoundError:
            index = None
        except (IndexMismatchError, IndexCorruptedError) as error:
            logger.warning("rebuilding the index: %s", error)
            index = None
        if plan is None or index is None or index.version != planned:
            plan = plan_update(index, _wanted(index_dir, index, documents, keep_uploaded), settings.chunking)
        resumable = None if isinstance(encoder, DocumentEncoder) else ResumableEncoder(encoder, index_dir)
        if index is None or not plan.up_to_date:
            rebuilt = index is None
            index, update = write_index(index_dir, index, _wanted(index_dir, index, documents, keep_uploaded),
                                        resumable or encoder, settings.chunking, settings.index, progress,
                                        plan.passages_to_encode)
            update = None if rebuilt else update
        else:
            update = IndexUpdate([], [], [], plan.unchanged, 0)
        if resumable:
            resumable.clear()
        if keep_uploaded:
            store = UploadStore(index_dir)
            for document in _unstored_uploads(store, index):
                store.put(document)
        return index, update


def _unstored_uploads(store: UploadStore, index: PassageIndex) -> list[Document]:
    """The uploaded articles (from no file) of ``index`` missing from ``store`` (indexed before it existed)."""
    return [d for d in index.documents.values() if d.path is None and d.id not in store]


def _load_compatible(index_dir: Path, encoder: Encoder, settings: Settings) -> PassageIndex:
    check_compatible(read_manifest(index_dir), encoder.info, settings.chunking)
    return PassageIndex.load(index_dir)


def _wanted(
    index_dir: Path, index: PassageIndex | None, documents: Iterable[Document], keep_uploaded: bool
) -> Iterator[Document]:
    """``documents``, and with ``keep_uploaded`` then the uploaded articles whose id no document has: those of
    the upload store, and articles from no file that ``index`` holds but the store lacks (indexed before the
    store existed)."""
    given: set[str] = set()
    for document in documents:
        given.add(document.id)
        yield document
    if keep_uploaded:
        stored = {d.id: d for d in UploadStore(index_dir).documents()}
        older = [d for d in (index.documents.values() if index else ()) if d.path is None and d.id not in stored]
        yield from (d for d in [*stored.values(), *older] if d.id not in given)


def _in_the_readers_words(checked: Sequence[tuple[Answer, Candidate]]) -> list[Answer]:
    """The checked answers, most confident first; the first in the words the reader scored highest among the
    candidates giving the same answer. The check judges the answer and the reader its span: the support of a
    fuller "Nikolai Patrushev" (reader 0.77) lifts a bare "Patrushev" elsewhere (0.12) above it."""
    if not checked:
        return []
    top = checked[0][0]
    form = max((pair for pair in checked if _same_answer_of_like_length(pair[0].text, top.text)),
               key=lambda pair: pair[1].reader_score)[0]
    return [dataclasses.replace(form, score=top.score), *(answer for answer, _ in checked if answer is not form)]


def _support(answer: Answer, found: Sequence[tuple[Answer, Candidate]]) -> float:
    """The reader's scores of the other candidates in ``found`` that give the same answer as ``answer`` somewhere
    else (another passage, or another place of its passage), summed: a run of its words or holding it, at least
    half as long (a bare "Moskow" does not support a clause that ends in it)."""
    return sum(candidate.reader_score for other, candidate in found
               if _elsewhere(other, answer) and _same_answer_of_like_length(other.text, answer.text))


def _elsewhere(one: Answer, other: Answer) -> bool:
    return one.passage_id != other.passage_id or one.end <= other.start or other.end <= one.start


def _same_answer_of_like_length(one: str, other: str) -> bool:
    lengths = sorted((len(one.split()), len(other.split())))
    return 2 * lengths[0] >= lengths[1] and same_answer(one, other)


def _heading(document: Document) -> str:
    """The title and the publisher of ``document``, as a candidate's heading (:class:`Candidate`)."""
    return "\n".join(part for part in (document.title, document.publisher) if part)


def _neighbours(answer: Answer) -> tuple[str, str]:
    """The words of the answer's sentence just before and just after its span ("" at either end)."""
    before = answer.passage[answer.sentence_start:answer.start].split()
    after = answer.passage[answer.end:answer.sentence_end].split()
    return (before[-1] if before else "", after[0] if after else "")


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) of ``text`` that contain ``text[start:end]``."""
    spans = [(s, e) for s, e in split_sentences(text) if s < end and e > start]
    if not spans:
        return start, end
    return min(spans[0][0], start), max(spans[-1][1], end)


def _answer(
    question: str, documents: dict[str, Document], passage: Passage, start: int, end: int, score: float
) -> Answer:
    sentence_start, sentence_end = _sentence_around(passage.text, start, end)
    return Answer(
        question=question,
        text=passage.text[start:end],
        found=True,
        score=score,
        article=ArticleRef.of(documents[passage.document_id]),
        passage_id=passage.id,
        passage=passage.text,
        start=start,
        end=end,
        sentence=passage.text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
    )

