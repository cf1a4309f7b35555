"""Synthetic news questions mined from an archive of articles, for a reader stage on news.

The reading-comprehension files are Wikipedia (TyDi QA) and single news sentences (FacQA); a news
archive is asked about officials by their post ("Siapa Presiden Kazakhstan?") over passages that name
several officials side by side, and what they said. Over each passage of the archive's articles:

- **Titles**: ``<post> <Name>`` appositions ("Gubernur Sulawesi Tenggara Nur Alam") become "Siapa
  <post>?" with the name as the answer, and a twin asking for a post the passage does not name
  ("Siapa Gubernur Jawa Barat?") as unanswerable. A post is a head word (:data:`HEADS`) and the capitalised
  words after it that the archive also uses as a whole post, followed by a lower-case word or a comma
  ("Gubernur Sulawesi Tenggara pada …"); the rest of the capitalised run is the name.
- **Reported speech**: "what did X say?" questions (:mod:`qa.training.reported_speech`).
- **Days** (when asked for): "Kapan …?" / "… hari apa?" of the dated sentences (:mod:`qa.training.day_questions`).
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from corpus import Document, load_file, split_passages
from qa.qa_records import GoldAnswer, QARecord
from qa.training.day_questions import day_question_records
from qa.training.reported_speech import reported_speech_records

NEWS_TITLES, NEWS_TITLES_ABSENT, NEWS_SPEECH, NEWS_DAYS = "news_titles", "news_titles_absent", "news_speech", "news_days"
"""Source names of the mined questions."""

HEADS = ("Presiden", "Wakil Presiden", "Perdana Menteri", "Menteri", "Gubernur", "Wakil Gubernur", "Bupati",
         "Wali Kota", "Walikota", "Ketua", "Kepala", "Direktur", "Direktur Utama", "Juru Bicara", "Juru bicara",
         "Sekretaris Jenderal", "Panglima", "Kapolda", "Kapolres", "Pelatih", "CEO", "Duta Besar", "Raja")
"""Words that open a post when followed by capitalised words."""

MAX_POST_WORDS, MAX_NAME_WORDS = 6, 4
MIN_NAMES = 2
OPEN_POST_WORDS = {"Umum", "Dinas", "Koordinator", "Bidang", "Jenderal", "Besar", "Harian", "Utama", "Komisi",
                   "Badan", "Dalam", "Luar", "Pusat", "Bagian", "Divisi", "Tim", "Partai", "Kantor", "Fraksi"}
"""A post ending in one of these words needs more ("Ketua Umum …", "Kepala Dinas …"): not asked for; nor is a
name that starts with one ("Bidang Perhubungan", the rest of a longer post)."""
_WORD = r"[A-Z][\w'-]*"
_HEAD = "|".join(sorted(map(re.escape, HEADS), key=len, reverse=True))
_RUN = re.compile(rf"\b(?P<head>{_HEAD})(?P<run>(?:\s{_WORD})+)(?P<after>,|\s[a-z(]|\.\s)")
_WHOLE_POST = re.compile(rf"\b(?P<post>(?:{_HEAD})(?:\s{_WORD}){{1,{MAX_POST_WORDS}}})(?=,|\s[a-z])")


def news_archive_records(archive: Path, exclude_questions: Sequence[Path], rng: random.Random,
                         days: bool = False) -> dict[str, list[QARecord]]:
    """:func:`news_records` of the articles of ``archive`` (any file :func:`corpus.load_file` reads), without the
    articles that question files of the peers' format name (``docs`` of each question)."""
    excluded: set[str] = set()
    for path in exclude_questions:
        questions = json.loads(Path(path).read_text(encoding="utf-8"))["questions"]
        excluded |= {document_id for question in questions for document_id in question["docs"]}
    return news_records([d for d in load_file(archive) if d.id not in excluded], rng, days)


def news_records(documents: Iterable[Document], rng: random.Random, days: bool = False) -> dict[str, list[QARecord]]:
    """Title questions, their unanswerable twins and reported-speech questions over the passages of
    ``documents``, by source name (:data:`NEWS_TITLES`, :data:`NEWS_TITLES_ABSENT`, :data:`NEWS_SPEECH`), and
    with ``days`` the "when?" questions of their dated sentences (:data:`NEWS_DAYS`)."""
    documents = list(documents)
    posts = whole_posts(document.text for document in documents)
    found = [(passage.text, titles(passage.text, document.text, posts))
             for document in documents for passage in split_passages(document)]
    asked = sorted({post for _, in_passage in found for post, _, _ in in_passage})
    titled, absent = [], []
    for text, in_passage in found:
        for post, start, end in in_passage:
            titled.append(QARecord(f"title-{len(titled)}", f"Siapa {post}?", text,
                                   (GoldAnswer(text[start:end], start),)))
        for post in sorted({post for post, _, _ in in_passage}):
            others = [p for p in asked if _head_of(p) == _head_of(post) and p not in text]
            if others:
                absent.append(QARecord(f"title-absent-{len(absent)}", f"Siapa {rng.choice(others)}?", text, ()))
    speech = reported_speech_records((text for text, _ in found), rng)
    mined = {NEWS_TITLES: titled, NEWS_TITLES_ABSENT: absent, NEWS_SPEECH: speech}
    if days:
        mined[NEWS_DAYS] = day_question_records((text for text, _ in found), rng)
    return mined


def whole_posts(texts: Iterable[str]) -> dict[str, int]:
    """What the texts may use as a post: a head word and capitalised words that stand whole (then a comma or a
    lower-case word), with the number of different capitalised words that follow it elsewhere (names). A post
    is one followed by at least :data:`MIN_NAMES`, so that "Presiden Joko Widodo" (never followed by a name)
    and "Presiden Joko" (only by "Widodo") are not."""
    texts = list(texts)
    whole = {match["post"] for text in texts for match in _WHOLE_POST.finditer(text)}
    followers: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for match in _RUN.finditer(text):
            words = match["run"].split()
            for cut in range(1, min(len(words) - 1, MAX_POST_WORDS) + 1):
                followers[" ".join([match["head"], *words[:cut]])].add(words[cut])
    return {post: len(followers[post]) for post in whole}


def titles(text: str, article: str, posts: dict[str, int]) -> list[tuple[str, int, int]]:
    """``(post, start, end)`` of every ``<post> <Name>`` apposition in ``text`` (a passage of ``article``):
    ``text[start:end]`` is the name.

    The post is the longest post (see :func:`whole_posts`) that the capitalised run starts with; the apposition
    is kept when :func:`_is_apposition` accepts that cut of the run."""
    found = []
    for match in _RUN.finditer(text):
        words = match["run"].split()
        for cut in range(min(len(words) - 1, MAX_POST_WORDS), 0, -1):
            post = " ".join([match["head"], *words[:cut]])
            if posts.get(post, 0) >= MIN_NAMES:
                if _is_apposition(match["head"], words, cut, article, posts):
                    name = " ".join(words[cut:])
                    start = match.start("run") + match["run"].index(name, len(post) - len(match["head"]))
                    found.append((post, start, start + len(name)))
                break
    return found


def _is_apposition(head: str, words: list[str], cut: int, article: str, posts: dict[str, int]) -> bool:
    """Whether a known post ``head`` + ``words[:cut]`` stands before the name ``words[cut:]``: it does not end in a word
    that needs more, nor the name start with one (:data:`OPEN_POST_WORDS`); no longer part of the run is a post
    followed by a name elsewhere ("Menteri Luar Negeri" + "Rusia Sergey Lavrov" is left out); the name has
    1–:data:`MAX_NAME_WORDS` words, none in capitals only ("AS", "AKBP"); and the article names it or its last
    word elsewhere on its own, so that "Presiden Joko" + "Widodo" is not taken for a post and a name."""
    name = words[cut:]
    longer = (" ".join([head, *words[:end]]) for end in range(cut + 1, len(words) + 1))
    return (words[cut - 1] not in OPEN_POST_WORDS and name[0] not in OPEN_POST_WORDS
            and not any(posts.get(post, 0) for post in longer)
            and len(name) <= MAX_NAME_WORDS and not any(w.isupper() and len(w) > 1 for w in name)
            and (_named_alone(" ".join(name), article) or _named_alone(name[-1], article)))


def _named_alone(name: str, article: str) -> bool:
    """Whether ``article`` names ``name`` after a lower-case word or punctuation (a person's mention, not part
    of a longer name), and never after "di", "ke" or "dari" (a place: "Menteri Luar Negeri" + "Bangladesh")."""
    name = re.escape(name)
    alone = re.search(rf"(?:^|\b[a-z]\w*\s+|[,.;:\"”)]\s+){name}\b", article, re.MULTILINE)
    return bool(alone) and not re.search(rf"\b(?:di|ke|dari)\s+{name}\b", article)


def _head_of(post: str) -> str:
    match = re.match(_HEAD, post)
    return match.group(0) if match else post
