"""Shared Annotated dependencies: resources, the session, the current user, pagination."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import AwareDatetime, BeforeValidator
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.principal import Principal, authenticate
from aura_api.db import session_scope
from aura_api.middleware.csrf import ACCESS_COOKIE
from aura_api.middleware.rate_limit import client_ip, record_decision, rejection
from aura_api.resources import Resources


def get_resources(request: Request) -> Resources:
    return request.app.state.resources  # type: ignore[no-any-return]


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with session_scope(get_resources(request).session_factory) as session:
        yield session


# scope="function": the commit happens before the response is sent, so a client never
# sees a success whose write did not land.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def bearer_token(request: Request) -> str | None:
    """The Bearer credential of the request: None without the header, "" when malformed."""
    return _bearer(request)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else ""


async def get_current_user(request: Request, session: SessionDep) -> Principal:
    """Authenticate the caller, then apply the per-user rate limit."""
    res = get_resources(request)
    principal = await authenticate(
        session, res, _bearer(request), request.cookies.get(ACCESS_COOKIE)
    )
    if res.settings.rate_limit_enabled:
        decision = await res.limiter.hit(
            "user", str(principal.id), res.settings.rate_limit_user_per_minute
        )
        record_decision(request.scope, decision)
        if not decision.allowed:
            raise rejection(decision, "user")
    return principal


CurrentUser = Annotated[Principal, Depends(get_current_user)]


async def limit_auth_attempts(request: Request) -> None:
    """A tighter per-IP budget for credential endpoints, against password guessing."""
    res = get_resources(request)
    if not res.settings.rate_limit_enabled:
        return
    ip = client_ip(request.scope, trust_forwarded=res.settings.trust_forwarded_for)
    decision = await res.limiter.hit("auth", ip, res.settings.rate_limit_auth_per_minute)
    record_decision(request.scope, decision)
    if not decision.allowed:
        raise rejection(decision, "auth")


AuthAttempt = Depends(limit_auth_attempts)


MAX_OFFSET = 1_000_000  # deeper pages need a filter; and no offset may overflow a query


def _iso_8601(value: Any) -> Any:
    # Pydantic would also read numbers ("0.5") as Unix times; the contract says ISO 8601.
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise ValueError("must be an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z") from None
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_iso_8601)]
"""A query date-time: ISO 8601 with a time zone (a naive or numeric one is 422)."""


class PaginationParams:
    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")] = 0,
    ) -> None:
        self.limit = limit
        self.offset = offset


Pagination = Annotated[PaginationParams, Depends()]
