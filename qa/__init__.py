"""Question answering over indexed articles: retrieval, readers, the ``Assistant`` API and the CLI."""

from qa.answer import Answer, Evidence
from qa.assistant import Assistant, EmptyQuestionError
from qa.config import Settings

__all__ = ["Answer", "Assistant", "EmptyQuestionError", "Evidence", "Settings"]
