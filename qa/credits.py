"""Questions about who made an article and when it appeared, answered from what the article prints around its text.

"Siapa editor berita ANTARA tentang …?", "siapa yg nerjemahin berita …", "Siapa yang memotret …?", "Kapan berita
Galamedianews tentang … diterbitkan?", "Kantor berita mana yang menjadi sumber berita …?" (the agency it credits,
"(Reuters)", else its publisher), "Media mana yang menerbitkan berita …?": an article's bylines, photo credit,
source, publisher and date line are kept as its metadata
by the cleaner (:mod:`corpus.cleaning`), not in the text the reader reads, so the reader cannot find them. Such a
question is answered with the credit of the first retrieved article (the first of the publisher the question names,
when it names one; for a photographer, the article whose photo caption holds most of the question's words), quoted
as a credit line ("Editor: Ryan Pratama") or, for a photographer, in the caption that credits them. When that
article prints no such credit, the question goes to the reader like any other.

A question about a photo ("Di lapangan terbang mana pesawat … dalam foto berita itu berada?") is read by the
reader in the photo captions of the retrieved articles too (:func:`photos_asked_about`). Any question is also
read in the headlines the retrieved articles link to ("Baca juga: Kazakhstan menahan 7.939 orang selama kerusuhan
pekan lalu") that hold nearly all its words (:func:`headlines_asked_about`). An answer found in such a line is
quoted in it (:func:`printed_answer`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import Enum

from corpus import Document
from embeddings.lexical import content_terms
from qa.answer import Answer, ArticleRef
from qa.answer_types import AnswerKind, answer_kind, question_terms
from qa.retrieval import RetrievedPassage

CREDIT_CONFIDENCE = 0.96
"""The confidence shown with a credit: how often the first retrieved passage is from the article asked about, on
the answerable development questions (bundled and archive, 2026-12-07: 72 of 75; the credit itself is what the
article prints)."""


class Credit(str, Enum):
    """What a credits question asks for; its value is the :class:`corpus.Document` field that holds it."""

    EDITOR = "editor"
    TRANSLATOR = "translator"
    WRITER = "writer"
    PHOTOGRAPHER = "photographer"
    DATE = "date"
    SOURCE = "source"
    PUBLISHER = "publisher"


_ARTICLE = r"(?:artikel|berita|tulisan|laporan|liputan|naskah)"
_MEDIA = r"(?:kantor berita|media|situs|portal|koran|surat kabar|sumber)(?:\s+\w+)?\s+(?:mana|apa)"
"""A question for a medium: "kantor berita (asing) mana", "media apa", "sumber apa"."""
_QUOTES = r"(?:mengutip|dikutip|melansir|dilansir)"
_PUBLISHES = r"(?:menerbitkan|memuat|mempublikasikan|menayangkan)"
_PUBLISHED = r"(?:diterbitkan|dimuat|dipublikasikan|ditayangkan)"
_ASKED = {
    Credit.EDITOR: re.compile(
        r"\b(?:editor|penyunting|redaktur|menyunting|disunting|mengedit|diedit|ngedit)(?:nya)?\b"),
    Credit.TRANSLATOR: re.compile(
        r"\b(?:penerjemah|menerjemahkan|nerjemahin|diterjemahkan|alih bahasa|pengalih bahasa)(?:nya)?\b"),
    Credit.PHOTOGRAPHER: re.compile(
        r"\b(?:fotografer|juru foto|pewarta foto|pemotret|memotret|motret|dipotret|mengambil foto)(?:nya)?\b"),
    Credit.WRITER: re.compile(
        rf"\b(?:(?:penulis|wartawan|reporter|pewarta)\s+{_ARTICLE}|(?:menulis|ditulis|nulis|meliput)\s+{_ARTICLE}"
        r"|(?:penulis|wartawan|reporter|pewarta)nya)\b"),
    Credit.DATE: re.compile(
        rf"\b(?:kapan|kpn|tanggal berapa|jam berapa|pukul berapa)\b.*\b{_ARTICLE}\b.*"
        r"\b(?:diterbitkan|terbit|dimuat|dipublikasikan|ditayangkan|tayang|diunggah|dirilis)\b"
        rf"|\b{_ARTICLE}\b.*\b(?:diterbitkan|terbit|dimuat|dipublikasikan|ditayangkan|tayang|diunggah)\b.*"
        r"\b(?:kapan|kpn|tanggal berapa|jam berapa|pukul berapa)\b"),
    Credit.SOURCE: re.compile(rf"\b{_MEDIA}\b.*\b(?:sumber|{_QUOTES})\b|\b{_QUOTES}(?:\s+dari)?\s+{_MEDIA}\b"),
    Credit.PUBLISHER: re.compile(rf"\b{_MEDIA}\b.*\b{_PUBLISHES}\s+{_ARTICLE}|\b{_PUBLISHED}\s+(?:di|oleh)\s+{_MEDIA}\b"
                                 rf"|\bpenerbit\s+{_ARTICLE}\b"),
}
_CLOCK_QUESTION = re.compile(r"\b(?:jam|pukul) berapa\b")
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:\s+(?:WIB|WITA|WIT))?")
"""The time of day of a publication date ("12 Januari 2022, 18:09 WIB" → "18:09 WIB"): what "pukul berapa" asks."""
_LABEL = {Credit.EDITOR: "Editor", Credit.TRANSLATOR: "Penerjemah", Credit.WRITER: "Penulis",
          Credit.PHOTOGRAPHER: "Foto", Credit.DATE: "Diterbitkan", Credit.SOURCE: "Dikutip dari",
          Credit.PUBLISHER: "Penerbit"}
_KINDS_ASKED = {Credit.DATE: {AnswerKind.TIME}, Credit.SOURCE: {None, AnswerKind.PERSON, AnswerKind.NAMED},
                Credit.PUBLISHER: {None, AnswerKind.PERSON, AnswerKind.NAMED}}
"""The kinds of question a credit is asked by (by default "siapa"); a medium also by "… mana/apa"."""


def asked_credit(question: str) -> Credit | None:
    """The credit ``question`` asks for ("Siapa editor berita …?": the editor), or None for a question about the
    story ("Siapa penulis lagu …?" asks about a song, "Berapa tahun Hugo memotret wajahnya?" for a duration). A
    person is asked for by a "siapa" question, a publication time by a time question, the news agency a story
    comes from ("Kantor berita mana yang menjadi sumber berita …?") or the medium that published it ("Media mana
    yang menerbitkan berita …?") by a question for a medium."""
    text = " ".join(question.lower().split())
    credit = next((credit for credit, pattern in _ASKED.items() if pattern.search(text)), None)
    wanted = _KINDS_ASKED.get(credit, {AnswerKind.PERSON})
    return credit if credit is not None and answer_kind(question) in wanted else None


def credit_answer(question: str, retrieved: Sequence[RetrievedPassage],
                  documents: Mapping[str, Document]) -> Answer | None:
    """The answer to a credits question (see the module docstring), or None when ``question`` is not one or the
    article it is about prints no such credit."""
    credit = asked_credit(question)
    if credit is None or not retrieved:
        return None
    asked = content_terms(question)
    article = max(_retrieved_articles(retrieved, documents), key=lambda a: _aboutness(asked, credit, a))
    name = getattr(article, credit.value)
    if credit is Credit.SOURCE and not name:  # a story that credits no agency is its publisher's own
        credit, name = Credit.PUBLISHER, article.publisher
    if not name:
        return None
    caption = article.photo_caption if credit is Credit.PHOTOGRAPHER else None
    line = caption if caption and name in caption else f"{_LABEL[credit]}: {name}"
    start = line.rindex(name)
    end = start + len(name)
    if credit is Credit.DATE and _CLOCK_QUESTION.search(question.lower()) and (clock := _CLOCK.search(name)):
        start, end = start + clock.start(), start + clock.end()
    return Answer(question=question, text=line[start:end], found=True, score=CREDIT_CONFIDENCE,
                  article=ArticleRef.of(article), passage=line, start=start, end=end, sentence=line,
                  sentence_end=len(line))


_PHOTO = re.compile(r"\b(?:foto|gambar|potret)(?:nya)?\b")


def photos_asked_about(question: str, retrieved: Sequence[RetrievedPassage],
                       documents: Mapping[str, Document]) -> list[Document]:
    """When ``question`` asks about a photo ("… dalam foto berita itu"), the retrieved articles that print a photo
    caption, in retrieval order; else none. Their captions are read as if ranked first: the question is about
    the photo, which the retrieval rank of the article's passages says nothing of."""
    if not _PHOTO.search(question.lower()):
        return []
    return [article for article in _retrieved_articles(retrieved, documents) if article.photo_caption]


LINKED_HEADLINE = "Baca juga: {}"
"""How a linked headline is read and quoted: as the article prints it."""
HEADLINE_WORDS_MISSING = 1
"""A linked headline is read for a question when it holds all of the question's (stemmed content) words but this
many at most, and at least :data:`HEADLINE_WORDS_HELD`: the headline reports what is asked, not only its topic."""
HEADLINE_WORDS_HELD = 3
"""The fewest of the question's words a linked headline must hold to be read (see :data:`HEADLINE_WORDS_MISSING`)."""


def headlines_asked_about(question: str, retrieved: Sequence[RetrievedPassage],
                          documents: Mapping[str, Document]) -> list[tuple[Document, str]]:
    """The headlines that the retrieved articles link to ("Baca juga: …") and that hold nearly all the words of
    ``question`` (see :data:`HEADLINE_WORDS_MISSING`), as printed (:data:`LINKED_HEADLINE`), each with its
    article, in retrieval order. They are the publisher's own reports, which the article's text need not repeat
    ("Kazakhstan menahan 7.939 orang selama kerusuhan pekan lalu" for "Berapa orang yang ditahan Kazakhstan
    selama kerusuhan?"), and are read as if ranked first."""
    asked = question_terms(question)
    found = []
    for article in _retrieved_articles(retrieved, documents):
        for headline in (article.related_headlines or "").splitlines():
            held = len(asked & content_terms(headline))
            if held >= HEADLINE_WORDS_HELD and len(asked) - held <= HEADLINE_WORDS_MISSING:
                found.append((article, LINKED_HEADLINE.format(headline)))
    return found


def printed_answer(question: str, article: Document, line: str, start: int, end: int, score: float) -> Answer:
    """The answer the reader found at ``[start, end)`` of ``line``, a photo caption or linked headline that
    ``article`` prints (its sentence: the whole line)."""
    return Answer(question=question, text=line[start:end], found=True, score=score, article=ArticleRef.of(article),
                  passage=line, start=start, end=end, sentence=line, sentence_end=len(line))


def _retrieved_articles(retrieved: Sequence[RetrievedPassage],
                        documents: Mapping[str, Document]) -> list[Document]:
    """The articles of the ``retrieved`` passages, each once, in retrieval order."""
    return list({r.passage.document_id: documents[r.passage.document_id] for r in retrieved}.values())


def _aboutness(asked: set[str], credit: Credit, article: Document) -> tuple[int, float, int]:
    """How plainly a question whose content terms are ``asked`` is about ``article`` (compared among the
    retrieved articles; the first retrieved wins a tie): the words of its publisher the question names ("berita antara bengkulu": two of "ANTARA News
    Bengkulu", one of "ANTARA"), then their share of the publisher's words ("berita ANTARA": all of "ANTARA", a
    third of "ANTARA News Bengkulu"), then for a photographer the question's words in the photo's caption."""
    publisher = content_terms(article.publisher or "")
    caption = content_terms(article.photo_caption or "") if credit is Credit.PHOTOGRAPHER else set()
    named = len(asked & publisher)
    return named, named / len(publisher) if publisher else 0.0, len(asked & caption)
