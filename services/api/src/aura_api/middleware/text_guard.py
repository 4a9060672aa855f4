"""Reject text no database can store (422) before any handler runs: NUL characters in JSON
bodies, query strings and paths, and lone UTF-16 surrogates (`"\ud800"`) in JSON bodies.

PostgreSQL cannot store U+0000 in text, and a lone surrogate cannot be encoded at all, so such
input would otherwise fail deep in a write (a 500). The events endpoint is exempt: it rejects
affected events one by one so the valid events of a batch are never lost (`unstorable_text`).
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aura_api.errors import ValidationFailed, error_response
from aura_api.scrub import unstorable_text

# A \u0000 escape whose backslash is not itself escaped (an even run of backslashes before it).
_NUL_ESCAPE = re.compile(rb"(?:^|[^\\])(?:\\\\)*\\u0000")
_WRITES = {"POST", "PUT", "PATCH"}
_EXEMPT = {"/api/v1/events"}


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def has_lone_surrogate(body: bytes) -> bool:
    """True when the JSON text `body` encodes an unpaired surrogate in some string."""
    if _SURROGATE_ESCAPE.search(body) is None:
        return False  # the common case: no surrogate escape at all
    try:
        return unstorable_text(json.loads(body))
    except ValueError:
        return False  # not JSON: the handler answers 400


def has_nul_escape(body: bytes) -> bool:
    """True when the JSON text `body` encodes a NUL character in some string."""
    return b"\\u0000" in body and _NUL_ESCAPE.search(body) is not None


class TextGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            b"%00" in scope.get("query_string", b"") or "\x00" in scope["path"]
        ):
            await _reject(scope, receive, send)
            return
        if (
            scope["type"] != "http"
            or scope["method"] not in _WRITES
            or scope["path"] in _EXEMPT
            or b"json" not in dict(scope.get("headers", ())).get(b"content-type", b"")
        ):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if has_nul_escape(body):
            await _reject(scope, receive, send)
            return
        if has_lone_surrogate(body):
            await _reject(scope, receive, send, _SURROGATE_MESSAGE)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


_NUL_MESSAGE = "Text may not contain NUL (U+0000) characters"
_SURROGATE_MESSAGE = "Text may not contain unpaired UTF-16 surrogates (\\ud800-\\udfff)"


async def _reject(scope: Scope, receive: Receive, send: Send, message: str = _NUL_MESSAGE) -> None:
    response = error_response(ValidationFailed.status_code, "invalid_characters", message)
    await response(scope, receive, send)
