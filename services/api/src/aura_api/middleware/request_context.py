"""Request id, access log, metrics, and the last line of defence against unexpected errors."""

from __future__ import annotations

import re
import time
import uuid

from loguru import logger
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aura_api.errors import error_response
from aura_api.logging import reset_request_id, set_request_id
from aura_api.metrics import HTTP_LATENCY, HTTP_REQUESTS
from aura_api.scrub import scrub_text

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _incoming_request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a plain id (it is logged on every line and echoed:
    one that looks like a secret is replaced), else a new one."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate: str = bytes(value).decode("latin-1")
            if _VALID_ID.match(candidate) and scrub_text(candidate) == candidate:
                return candidate
    return uuid.uuid4().hex


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if isinstance(path, str) else "<unmatched>"


class RequestContextMiddleware:
    """Binds a request id for logs and errors, echoes it, and records latency by route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope)
        token = set_request_id(request_id)
        start = time.perf_counter()
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"].append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            logger.opt(exception=exc).error("unhandled error")
            if started:
                raise
            response = error_response(500, "internal_error", "Internal server error")
            await response(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route = _route_template(scope)
            HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            HTTP_LATENCY.labels(scope["method"], route).observe(elapsed)
            path = scrub_text(scope["path"])  # a client may put anything in a URL
            logger.bind(
                method=scope["method"], path=path, status=status, ms=elapsed * 1000, scrubbed=True
            ).info("{} {} {} {:.1f}ms", scope["method"], path, status, elapsed * 1000)
            reset_request_id(token)
