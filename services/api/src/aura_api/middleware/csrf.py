"""CSRF double-submit check for cookie-authenticated writes.

A browser sends the session cookies on its own, so a write that relies on them must also echo
the readable `aura_csrf` cookie in the `X-CSRF-Token` header. Bearer requests are exempt:
a cross-site page cannot set that header.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Receive, Scope, Send

from aura_api.errors import Forbidden, error_response
from aura_api.security import tokens_equal

ACCESS_COOKIE = "aura_access"
REFRESH_COOKIE = "aura_refresh"
CSRF_COOKIE = "aura_csrf"
CSRF_HEADER = b"x-csrf-token"
_SAFE = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Credentials in the body authenticate these; a stale cookie must not block a fresh login.
_EXEMPT = {"/api/v1/auth/login", "/api/v1/auth/register"}


class CsrfMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in _SAFE
            or scope["path"] in _EXEMPT
            or not self._cookie_authenticated(scope)
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", ()))
        cookies = _cookies(headers)
        sent = headers.get(CSRF_HEADER, b"").decode("latin-1")
        expected = cookies.get(CSRF_COOKIE, "")
        if not sent or not expected or not tokens_equal(sent, expected):
            response = error_response(
                Forbidden.status_code,
                "csrf_failed",
                "Cookie-authenticated writes need the X-CSRF-Token header",
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _cookie_authenticated(scope: Scope) -> bool:
        headers = dict(scope.get("headers", ()))
        if headers.get(b"authorization", b"").lower().startswith(b"bearer "):
            return False
        cookies = _cookies(headers)
        return ACCESS_COOKIE in cookies or REFRESH_COOKIE in cookies


def _cookies(headers: dict[bytes, bytes]) -> dict[str, str]:
    raw = headers.get(b"cookie")
    if not raw:
        return {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw.decode("latin-1"))
    except Exception:  # a malformed cookie header means no usable cookies
        return {}
    return {key: morsel.value for key, morsel in jar.items()}
