"""What the page calls an article: its title, or, for an article without one, its opening words.

Three of the five bundled articles have no headline in their files; the corpus leaves their
``title`` empty, and the page names them by their first sentence instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from corpus import Document, split_sentences
from qa import Answer, ArticleRef

TITLE_WORDS = 12
"""A first sentence used as a title is cut to this many words."""


def display_title(document: Document) -> str:
    """The article's title, else its first sentence (at most :data:`TITLE_WORDS` words, then "…")."""
    if document.title:
        return document.title
    spans = split_sentences(document.text)
    sentence = document.text[spans[0][0]:spans[0][1]] if spans else document.text
    words = sentence.split()
    return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "") if words else document.id


def titled(answer: Answer, documents: Mapping[str, Document]) -> Answer:
    """``answer`` with a display title for its source, its alternatives' and its evidence's."""

    def named(article: ArticleRef) -> ArticleRef:
        document = documents.get(article.document_id)
        if article.title or document is None:
            return article
        return dataclasses.replace(article, title=display_title(document))

    return dataclasses.replace(
        answer,
        article=named(answer.article) if answer.article else None,
        alternatives=tuple(dataclasses.replace(alt, article=named(alt.article)) for alt in answer.alternatives),
        evidence=tuple(dataclasses.replace(e, article=named(e.article)) for e in answer.evidence),
    )
