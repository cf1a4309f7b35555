"""Who may change the articles: nobody by default, every visitor by a flag, or whoever enters the admin token."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

MIN_TOKEN_CHARS = 16
"""An admin token shorter than this could be guessed by trying; ``tanya serve`` refuses it."""
UPLOAD_COOKIE = "tanya_upload"
"""The cookie with which a granted browser's file transfers pass :mod:`ui.guard`."""


@dataclass(frozen=True)
class Access:
    """The grant for uploads and removals, fixed when the page starts.

    ``open``: every visitor may change the articles (a page used only on one's own machine).
    ``token``: a visitor who enters this token in the Artikel tab may (a page shown to others).
    Neither: the page is read-only; it has no upload or removal controls at all.
    """

    token: str | None = None
    open: bool = False

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise ValueError(f"the admin token must have at least {MIN_TOKEN_CHARS} characters")

    @property
    def read_only(self) -> bool:
        """Whether no visitor can ever change the articles."""
        return not self.open and self.token is None

    def admits(self, offered: object) -> bool:
        """Whether ``offered`` is the admin token (compared in constant time)."""
        if self.token is None or not isinstance(offered, str):
            return False
        return hmac.compare_digest(offered.strip().encode("utf-8", "replace"), self.token.encode("utf-8"))

    @property
    def upload_key(self) -> str | None:
        """The value of :data:`UPLOAD_COOKIE` that lets file transfers through, when a token guards them.

        Derived from the token (which it does not reveal); given to a browser once its visitor
        has entered the token. None when there is no token (read-only, or open to everyone).
        """
        if self.token is None or self.open:
            return None
        return hmac.new(self.token.encode("utf-8"), b"tanya-upload", hashlib.sha256).hexdigest()
