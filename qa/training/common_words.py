"""List the words the news write in lower case, ``qa/data/common_words.txt``: the names test's lexicon.

Usage: ``tanya common-words [--output FILE]``. A word counts as common when, inside a sentence (not as its
first word), the shipped archive's 3,463 cleaned articles write it in lower case at least
:data:`MIN_LOWER` times and at least :data:`MIN_RATIO` times as often as capitalised ("polisi": 405 against
51; "presiden": 169 against 575 is not). :mod:`qa.answer_types` uses the list to tell a sentence's first
word from a name: "Polisi menduga" names no one. The output is the same for the same archive.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from corpus import ARCHIVE_ARTICLES
from corpus.loading import ArticleFolder
from corpus.sentences import split_sentences

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "data" / "common_words.txt"
MIN_LOWER = 3
MIN_RATIO = 3
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def common_words(texts: Iterable[str]) -> list[str]:
    """The words of ``texts`` written in lower case inside sentences (see the module's rule), sorted."""
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for text in texts:
        for start, end in split_sentences(text):
            for word in _WORD.findall(text[start:end])[1:]:
                if word.islower():
                    lower[word] += 1
                elif word[:1].isupper():
                    capitalised[word.lower()] += 1
    return sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= MIN_RATIO * capitalised[w])


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """``tanya common-words [--output FILE]``."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    words = common_words(document.text for document in ArticleFolder(ARCHIVE_ARTICLES))
    args.output.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.output}")
    return 0
