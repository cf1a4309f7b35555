"""Training data of the reader: which questions, labelled windows, and the batch order."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from qa.reader.windows import Window, WindowTokenizer
from qa.qa_records import QARecord, read_qa_file
from qa.training.news_questions import NEWS_TITLES, news_archive_records
from qa.training.reported_speech import reported_speech_records
from qa.training.swapped import question_names, swap_constraint

TRAINING_FILES = {
    "tydiqa": "tydiqa_id_train.json",
    "facqa": "facqa_train.json",
    "idk_mrc_unanswerable": "idk_mrc_train.json",
    "squad_id": "squad_id_translated.json",
}
"""Source name -> file. IDK-MRC contributes only its unanswerable questions (its answerable ones are TyDi QA's)."""

OFF_TOPIC = "off_topic"
"""Source name of questions paired with another question's passage (see :func:`off_topic_records`)."""

REPORTED_SPEECH = "reported_speech"
"""Source name of synthetic "what did X say?" questions (see :mod:`qa.training.reported_speech`)."""

SWAPPED = "swapped"
"""Source name of answerable questions with one constraint changed, over their own passage (see
:mod:`qa.training.swapped`): unanswerable."""


@dataclass(frozen=True)
class NewsArchive:
    """An archive of articles to mine news questions from (:mod:`qa.training.news_questions`), leaving out the
    articles of development question files (``docs`` of each question), with the title questions repeated and,
    with ``days``, the "when?" questions of the dated sentences."""

    path: Path
    exclude_questions: tuple[Path, ...] = ()
    title_repeats: int = 1
    days: bool = False


@dataclass(frozen=True)
class TrainWindow:
    """A window with its gold start/end token (0, 0 = ``<s>``: no answer inside)."""

    window: Window
    start: int
    end: int


def training_records(data_dir: Path, files: dict[str, str], squad_answerable: int, squad_unanswerable: int,
                     seed: int, off_topic: int = 0, reported_speech_repeats: int = 0, swapped: int = 0,
                     news: NewsArchive | None = None) -> dict[str, list[QARecord]]:
    """The training questions per source of :data:`TRAINING_FILES` (``files`` maps source -> file name),
    with SQuAD-id subsampled to the given numbers of (un)answerable questions (machine-translated, noisy),
    plus ``off_topic`` TyDi QA and FacQA questions over another question's passage (source :data:`OFF_TOPIC`),
    plus the synthetic "what did X say?" questions of every training context, ``reported_speech_repeats``
    times over (source :data:`REPORTED_SPEECH`), plus ``swapped`` swapped twins of TyDi QA / FacQA questions
    (source :data:`SWAPPED`), plus the news questions of an archive (sources of
    :func:`qa.training.news_questions.news_records`)."""
    records = {name: read_qa_file(Path(data_dir) / file) for name, file in files.items()}
    sampler = random.Random(seed)
    squad = records["squad_id"]
    answerable = [r for r in squad if not r.is_impossible]
    unanswerable = [r for r in squad if r.is_impossible]
    sources = {
        "tydiqa": records["tydiqa"],
        "facqa": records["facqa"],
        "idk_mrc_unanswerable": [r for r in records["idk_mrc_unanswerable"] if r.is_impossible],
        "squad_id": sampler.sample(answerable, min(squad_answerable, len(answerable)))
        + sampler.sample(unanswerable, min(squad_unanswerable, len(unanswerable))),
    }
    if off_topic:
        sources[OFF_TOPIC] = off_topic_records(records["tydiqa"] + records["facqa"], off_topic, sampler)
    if reported_speech_repeats:
        contexts = [r.context for source in records.values() for r in source]
        sources[REPORTED_SPEECH] = reported_speech_records(contexts, sampler) * reported_speech_repeats
    if swapped:
        sources[SWAPPED] = swapped_records(records["tydiqa"] + records["facqa"], swapped, sampler)
    if news is not None:
        mined = news_archive_records(news.path, news.exclude_questions, sampler, news.days)
        mined[NEWS_TITLES] *= news.title_repeats
        sources.update(mined)
    return sources


def swapped_records(records: list[QARecord], count: int, rng: random.Random) -> list[QARecord]:
    """Swapped twins (:func:`qa.training.swapped.swap_constraint`) of up to ``count`` answerable ``records``,
    each over its own passage and so unanswerable."""
    names = question_names(r.question for r in records)
    twins = []
    for record in rng.sample(records, len(records)):
        twin = swap_constraint(record.question, record.context, names, rng) if record.answers else None
        if twin is not None:
            twins.append(QARecord(f"{record.id}-swapped", twin, record.context, ()))
        if len(twins) == count:
            break
    return twins


def off_topic_records(records: list[QARecord], count: int, rng: random.Random) -> list[QARecord]:
    """``count`` questions of ``records``, each over the passage of another question and so unanswerable.

    Retrieval hands the reader passages that share words with the question but are about something
    else; IDK-MRC's unanswerable questions are all on topic, so without these the reader learns that
    an off-topic passage still holds some answer.
    """
    contexts = sorted({r.context for r in records})
    if len(contexts) < 2:
        raise ValueError("off-topic questions need records over at least two passages")
    chosen = rng.sample(records, min(count, len(records)))
    paired = []
    for record in chosen:
        context = record.context
        while context == record.context:
            context = rng.choice(contexts)
        paired.append(QARecord(f"{record.id}-off-topic", record.question, context, ()))
    return paired


def label_windows(records: list[QARecord], tokenizer: Tokenizer, max_length: int,
                  stride: int) -> list[TrainWindow]:
    """All windows of all records, labelled with the first gold answer's tokens when it lies inside."""
    windows = WindowTokenizer(tokenizer, max_length, stride).windows([r.question for r in records],
                                                                     [r.context for r in records])
    labelled = []
    for window in windows:
        record = records[window.pair_index]
        start = end = 0
        if record.answers:
            answer = record.answers[0]
            start, end = _answer_tokens(window, answer.start, answer.start + len(answer.text))
        labelled.append(TrainWindow(window, start, end))
    return labelled


def _answer_tokens(window: Window, char_start: int, char_end: int) -> tuple[int, int]:
    """Token span covering ``[char_start, char_end)`` in the window, or (0, 0) when not fully inside."""
    lo, hi = window.context_start, window.context_end
    if window.offsets[lo][0] > char_start or window.offsets[hi][1] < char_end:
        return 0, 0
    start = next(i for i in range(lo, hi + 1) if window.offsets[i][1] > char_start)
    end = next(i for i in range(hi, lo - 1, -1) if window.offsets[i][0] < char_end)
    return start, end


def batch_schedule(lengths: list[int], batch_size: int, epochs: float, seed: int) -> list[list[int]]:
    """Batches of window indices for the whole run, grouped by length within shuffled chunks (less padding)."""
    batches: list[list[int]] = []
    per_epoch = math.ceil(len(lengths) / batch_size)
    total = math.ceil(per_epoch * epochs)
    epoch = 0
    while len(batches) < total:
        rng = np.random.default_rng(seed + epoch)
        order = rng.permutation(len(lengths))
        chunk = batch_size * 64
        epoch_batches = []
        for begin in range(0, len(order), chunk):
            part = sorted(order[begin : begin + chunk], key=lambda i: lengths[i])
            epoch_batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
        batches += [epoch_batches[i] for i in rng.permutation(len(epoch_batches))]
        epoch += 1
    return batches[:total]
