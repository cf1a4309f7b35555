"""Checks on every request before Gradio sees it: Host, Origin, the public API, upload sizes.

- ``Host`` must be localhost, an IP address, the served host name or one allowed at start, so a
  web page whose domain is re-pointed at this machine (DNS rebinding) gets nothing.
- A request that changes something (any method but GET/HEAD/OPTIONS) sent by a browser from
  another origin is refused, so another site cannot act in a visitor's name.
- Only the public endpoints (``/tanya``) can be called by name; the page's own events run through
  Gradio's queue, where their handlers check the visitor's grant themselves.
- Uploads: refused outright on a read-only page; behind an admin token, refused without the cookie
  a browser gets when its visitor enters the token; at most ``max_upload_files`` files and
  ``max_upload_bytes`` in one request, with a declared length.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCAL_NAMES = frozenset({"localhost"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UPLOAD_PATH = "/gradio_api/upload"
NAMED_CALL = re.compile(r"^/gradio_api/(?:call/v2|call|run|api)/(?P<name>[^/]+)")


@dataclass(frozen=True)
class GuardPolicy:
    """What :class:`RequestGuard` lets through."""

    host_names: frozenset[str] = frozenset()
    """Host names accepted besides localhost and IP addresses (lower case, without port)."""
    public_api: frozenset[str] = frozenset({"tanya"})
    uploads: bool = False
    upload_cookie: tuple[str, str] | None = None
    """(name, value) of the cookie an upload must carry, if any."""
    max_upload_files: int = 10
    max_upload_bytes: int = 20 * 1024 * 1024


def host_names(served: str, allowed: Collection[str] = ()) -> frozenset[str]:
    """The host names a page served on ``served`` answers to: ``served`` itself (unless it is an
    address) and the ``allowed`` ones."""
    names = {name.strip().lower() for name in allowed if name.strip()}
    if not _is_address(served):
        names.add(served.lower())
    return frozenset(names)


@dataclass
class RequestGuard:
    """ASGI middleware enforcing a :class:`GuardPolicy` in front of the Gradio app."""

    app: ASGIApp
    policy: GuardPolicy = field(default_factory=GuardPolicy)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is None and scope["type"] == "http" and scope["path"].rstrip("/") == UPLOAD_PATH:
            refusal, receive = await self._checked_upload(headers, receive)
        if refusal is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "http":
            await refusal(scope, receive, send)
        else:
            await send({"type": "websocket.close", "code": 1008})

    def _refusal(self, scope: Scope, headers: Headers) -> PlainTextResponse | None:
        host = headers.get("host", "")
        if not self._known_host(host):
            return PlainTextResponse("Host tidak dikenal.", status_code=421)
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
                return PlainTextResponse("Permintaan dari situs lain ditolak.", status_code=403)
            if headers.get("sec-fetch-site") == "cross-site":
                return PlainTextResponse("Permintaan dari situs lain ditolak.", status_code=403)
        call = NAMED_CALL.match(scope["path"])
        if call and call["name"] not in self.policy.public_api:
            return PlainTextResponse("Tidak ada.", status_code=404)
        return None

    def _known_host(self, host: str) -> bool:
        name = urlsplit(f"//{host}").hostname or ""
        return name in LOCAL_NAMES or name in self.policy.host_names or _is_address(name)

    async def _checked_upload(self, headers: Headers, receive: Receive) -> tuple[PlainTextResponse | None, Receive]:
        """A refusal of the upload, or a ``receive`` replaying its (counted) body."""
        limit = self.policy.max_upload_bytes
        if not self.policy.uploads:
            return PlainTextResponse("Unggahan tidak diizinkan di halaman ini.", status_code=403), receive
        if self.policy.upload_cookie:
            name, value = self.policy.upload_cookie
            offered = cookie_parser(headers.get("cookie", "")).get(name, "")
            if not hmac.compare_digest(offered.encode(), value.encode()):
                return PlainTextResponse("Unggahan memerlukan kode admin.", status_code=403), receive
        declared = headers.get("content-length", "")
        if not declared.isdigit():
            return PlainTextResponse("Unggahan harus menyebutkan ukurannya.", status_code=411), receive
        too_big = PlainTextResponse(f"Unggahan terlalu besar (maksimal {limit // 2**20} MB sekaligus).",
                                    status_code=413)
        if int(declared) > limit:
            return too_big, receive
        body, messages = 0, []
        while True:
            message = await receive()
            messages.append(message)
            body += len(message.get("body", b""))
            if body > limit:
                return too_big, receive
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        boundary = _boundary(headers.get("content-type", ""))
        data = b"".join(m.get("body", b"") for m in messages)
        if boundary and data.count(b"--" + boundary) - 1 > self.policy.max_upload_files:
            return PlainTextResponse(f"Terlalu banyak berkas (maksimal {self.policy.max_upload_files} sekaligus).",
                                     status_code=413), receive
        return None, _replay(messages, receive)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _boundary(content_type: str) -> bytes | None:
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    return match.group(1).encode("latin-1") if match else None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed
