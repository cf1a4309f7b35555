"""One visitor's conversation, kept on the server so that no turn is ever lost.

A question becomes a turn the moment it is asked and is shown at once as pending; its answer is
filled in when ready. Every event of a visitor works on the same :class:`Conversation` object
(Gradio session state), never on a copy the browser sent, so two questions asked in quick
succession (two example clicks, a follow-up typed while an answer loads) both stay, each answered
in the context of the questions before it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

HISTORY_KEPT = 10
"""How many earlier questions of a conversation are passed on to resolve follow-ups."""

_CLAIMS = threading.Lock()  # claiming a pending turn is a few list steps; one lock for every conversation


@dataclass
class Turn:
    """A question and, once answered, the HTML of its reply (None while pending)."""

    question: str
    reply: str | None = None
    claimed: bool = False
    context: bool = True
    """Whether later questions may refer to this one (not after a failure)."""


class Conversation:
    """The turns of one visitor's conversation, oldest first.

    A plain class, not a dataclass: ``gr.State(Conversation())`` gives every visitor a deep copy.
    """

    def __init__(self) -> None:
        self.turns: list[Turn] = []

    def ask(self, question: str) -> None:
        """Add ``question`` as a pending turn."""
        with _CLAIMS:
            self.turns.append(Turn(question))

    def claim(self) -> tuple[Turn, list[str]] | None:
        """The oldest pending turn nobody answers yet, marked as taken, with the questions asked
        before it (the follow-up context); None when there is none."""
        with _CLAIMS:
            for position, turn in enumerate(self.turns):
                if turn.reply is None and not turn.claimed:
                    turn.claimed = True
                    earlier = [t.question for t in self.turns[:position] if t.context]
                    return turn, earlier[-HISTORY_KEPT:]
        return None

    def clear(self) -> None:
        """Forget every turn (answers still on their way are dropped)."""
        with _CLAIMS:
            self.turns = []

