"""The models' fast tokenizer, loaded once per process and shared.

Parsing the multilingual tokenizer (17 MB of JSON, 250,000 pieces) takes about a second, and the encoder
and the span reader use the same one, so ``tanya serve`` and ``tanya ask`` load it once. A shared tokenizer
is never reconfigured (no truncation, no padding): its users truncate the encodings they get
(:func:`encode_within` here, the reader's windows in ``qa.reader.windows``), so one instance serves every
model and thread at once.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenizers import Encoding, Tokenizer

_loaded: dict[Path, "Tokenizer"] = {}
_loading = threading.Lock()


def shared_tokenizer(path: Path) -> "Tokenizer":
    """The tokenizer of ``path`` (a ``tokenizer.json``), loaded on the first call and shared afterwards;
    truncation and padding are off, and callers must leave them so."""
    key = Path(path).resolve()
    with _loading:
        if key not in _loaded:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(key))
            tokenizer.no_truncation()
            tokenizer.no_padding()
            _loaded[key] = tokenizer
        return _loaded[key]


def encode_within(tokenizer: "Tokenizer", texts: Sequence[str], max_tokens: int) -> list["Encoding"]:
    """``texts`` encoded with the special tokens, each at most ``max_tokens`` long: the end of a longer text is
    cut, its special tokens kept (as the tokenizer's own truncation does)."""
    room = max_tokens - tokenizer.num_special_tokens_to_add(False)
    encodings = tokenizer.encode_batch(list(texts), add_special_tokens=False)
    for encoding in encodings:
        encoding.truncate(room)
    return [tokenizer.post_process(encoding) for encoding in encodings]
