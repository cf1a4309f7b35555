"""*Swapped* questions: an answerable question with one constraint changed so that its passage no longer
answers it (a year moved by a few years, or a name replaced by a name from another question): the
"right story, wrong fact" question a news archive gets. Used to fit the answer check and to train the reader."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)*")


def swap_constraint(question: str, context: str, names: Sequence[str], rng: random.Random) -> str | None:
    """``question`` with one constraint changed so that ``context`` no longer answers it: a year it names moved
    by 1–5 years, else a name in it (not its first word) replaced by one of ``names``; None when it names
    neither, or when every replacement occurs in ``context``."""
    years = _YEAR.findall(question)
    if years:
        year = rng.choice(years)
        options = [str(int(year) + d) for d in (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5) if str(int(year) + d) not in context]
        if options:
            return question.replace(year, rng.choice(options), 1)
    found = _NAME.findall(question)
    options = [n for n in names if n not in context and n not in question]
    if found and options:
        return question.replace(rng.choice(found), rng.choice(options), 1)
    return None


def question_names(questions: Iterable[str]) -> list[str]:
    """The names (capitalised runs, not a question's first word) of ``questions``, sorted, once each."""
    return sorted({name for question in questions for name in _NAME.findall(question)})
