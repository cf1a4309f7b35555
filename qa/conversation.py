"""Follow-up questions: borrow the topic of the conversation for retrieval when a question needs it."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words that point back to something said earlier ("Kapan itu terjadi?", "Siapa dia?").
REFERRING_WORDS = frozenset(
    "itu tersebut ini dia ia beliau mereka begitu demikian sana situ".split()
)
# Words ending in -nya that do not refer back ("hanya", "sebenarnya", ...).
NYA_EXCEPTIONS = frozenset(
    "hanya punya tanya bertanya sebenarnya biasanya akhirnya selanjutnya lainnya seharusnya "
    "terutama sesungguhnya semuanya kira-kiranya".split()
)
# Capitalised words that open questions without naming anything.
QUESTION_OPENERS = frozenset(
    "apa apakah siapa kapan mengapa kenapa bagaimana berapa di dimana ke kemana dari darimana "
    "yang sejak seberapa manakah mana bisakah dapatkah benarkah".split()
)
_WORD = re.compile(r"[\w-]+", re.UNICODE)


def is_follow_up(question: str) -> bool:
    """True when ``question`` refers back ("itu", "katanya") or names nothing of its own."""
    words = _WORD.findall(question)
    lowered = [w.lower() for w in words]
    refers_back = any(
        w in REFERRING_WORDS or (w.endswith("nya") and len(w) > 5 and w not in NYA_EXCEPTIONS)
        for w in lowered
    )
    names_something = any(w[0].isupper() and w.lower() not in QUESTION_OPENERS for w in words)
    return refers_back or not names_something


def retrieval_query(question: str, history: Sequence[str]) -> str:
    """The text to retrieve with: the question, preceded by the last standalone question if it is a follow-up."""
    if not history or not is_follow_up(question):
        return question
    topic = next((q for q in reversed(history) if not is_follow_up(q)), None)
    return f"{topic} {question}" if topic else question
