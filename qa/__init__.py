"""Question answering over indexed articles: retrieval, readers, the ``Assistant`` API and the CLI."""

from qa.answer import Alternative, Answer, ArticleRef, Evidence, Report
from qa.assistant import Assistant
from qa.config import Settings
from qa.questions import EmptyQuestionError, InvalidQuestionError

__all__ = ["Alternative", "Answer", "ArticleRef", "Assistant", "EmptyQuestionError", "Evidence", "InvalidQuestionError",
           "Report", "Settings"]
