"""Per-IP limits for every request, plus X-RateLimit-* headers on every response.

Per-user limits are applied after authentication (auth/deps.py) and stored in the request
state, so the headers show whichever limit is closest to being hit.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aura_api.errors import RateLimited, error_response
from aura_api.metrics import RATE_LIMITED
from aura_api.ratelimit import RateDecision, RateLimiter

STATE_KEY = "ratelimit"
_EXEMPT = ("/health/", "/metrics")


def client_ip(scope: Scope, *, trust_forwarded: bool) -> str:
    """The caller's address; X-Forwarded-For only when a trusted proxy sets it."""
    if trust_forwarded:
        for name, value in scope.get("headers", ()):
            if name == b"x-forwarded-for":
                return str(bytes(value).decode("latin-1").split(",")[0].strip())
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def record_decision(scope: Scope, decision: RateDecision) -> None:
    """Remember the tightest decision of this request for the response headers."""
    state = scope.setdefault("state", {})
    current: RateDecision | None = state.get(STATE_KEY)
    if current is None or decision.remaining < current.remaining:
        state[STATE_KEY] = decision


def rejection(decision: RateDecision, scope_name: str) -> RateLimited:
    RATE_LIMITED.labels(scope_name).inc()
    return RateLimited(retry_after=decision.reset_after, limit=decision.limit)


class RateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, limiter: RateLimiter, per_minute: int, trust_forwarded: bool
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.per_minute = per_minute
        self.trust_forwarded = trust_forwarded

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        ip = client_ip(scope, trust_forwarded=self.trust_forwarded)
        decision = await self.limiter.hit("ip", ip, self.per_minute)
        record_decision(scope, decision)
        if not decision.allowed:
            err = rejection(decision, "ip")
            headers = {**decision.headers(), **err.headers}
            response = error_response(err.status_code, err.code, err.message, err.details, headers)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                tightest: RateDecision = scope["state"][STATE_KEY]
                headers = message.setdefault("headers", [])
                present = {name.lower() for name, _ in headers}
                for name, value in tightest.headers().items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
            await send(message)

        await self.app(scope, receive, send_with_headers)
