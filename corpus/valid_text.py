"""Whether a str is valid Unicode text, i.e. can be stored and tokenised as UTF-8."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogates(text: str) -> bool:
    """True when ``text`` holds surrogate code points: Python's stand-ins for bytes that were not
    UTF-8 (file names, ``sys.argv``) or ``\\ud800``-style JSON escapes. Such text cannot be encoded."""
    return _SURROGATE.search(text) is not None
