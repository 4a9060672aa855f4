"""Who is calling: resolve a Bearer JWT, a personal API token or the session cookie.

The resolved identity is cached (users by id, API tokens by hash) so the hot path of an
authenticated request needs no database round trip. The cached user carries the ids of its live
logins: an access token names its login (`sid`), so logging out or changing the password ends
it at once on every replica (the entry is invalidated in the shared cache; ADR 0011).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.errors import AccountDisabled, InvalidAccessToken
from aura_api.auth.repository import RefreshTokenRepository, UserRepository
from aura_api.cache import read_through
from aura_api.models import User
from aura_api.resources import Resources
from aura_api.security import API_TOKEN_PREFIX, InvalidToken, decode_access_token, hash_token
from aura_api.tokens.repository import ApiTokenRepository


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller, as the rest of the API sees it."""

    id: uuid.UUID
    email: str
    display_name: str | None
    is_active: bool
    is_superuser: bool
    created_at: datetime
    updated_at: datetime
    via: str = "jwt"
    session_id: uuid.UUID | None = None  # the login of an access token (None for API tokens)


def user_cache_key(user_id: uuid.UUID) -> str:
    return f"user:{user_id}"


def api_token_cache_key(token_hash: str) -> str:
    return f"pat:{token_hash}"


def _encode_user(user: User, sessions: list[uuid.UUID]) -> bytes:
    return json.dumps(
        {
            "sessions": [str(s) for s in sessions],
            "id": str(user.id),
            "email": user.email,
            "display_name": user.display_name,
            "is_active": user.is_active,
            "is_superuser": user.is_superuser,
            "created_at": user.created_at.isoformat(),
            "updated_at": user.updated_at.isoformat(),
        }
    ).encode()


def _decode_user(raw: bytes, via: str, session_id: uuid.UUID | None) -> Principal:
    data = json.loads(raw)
    if session_id is not None and str(session_id) not in data.get("sessions", ()):
        raise InvalidAccessToken("This session has ended (logged out or password changed)")
    return Principal(
        id=uuid.UUID(data["id"]),
        email=data["email"],
        display_name=data["display_name"],
        is_active=data["is_active"],
        is_superuser=data["is_superuser"],
        created_at=datetime.fromisoformat(data["created_at"]),
        updated_at=datetime.fromisoformat(data["updated_at"]),
        via=via,
        session_id=session_id,
    )


async def load_principal(
    session: AsyncSession,
    res: Resources,
    user_id: uuid.UUID,
    via: str,
    session_id: uuid.UUID | None = None,
) -> Principal:
    """The user behind a verified credential, from the cache or the database; with a
    `session_id` (access tokens), that login must still be live."""

    async def load() -> bytes | None:
        user = await UserRepository(session).get(user_id)
        if user is None:
            return None
        live = await RefreshTokenRepository(session).active_families(user_id, datetime.now(UTC))
        return _encode_user(user, live)

    raw = await read_through(
        res.cache, user_cache_key(user_id), res.settings.cache_ttl_seconds, load
    )
    if raw is None:
        raise InvalidAccessToken("The account behind this token no longer exists")
    principal = _decode_user(raw, via, session_id)
    if not principal.is_active:
        raise AccountDisabled
    return principal


_last_touch: dict[uuid.UUID, float] = {}


async def _api_token_user(session: AsyncSession, res: Resources, token: str) -> uuid.UUID:
    token_hash = hash_token(token)
    repo = ApiTokenRepository(session)

    async def load() -> bytes | None:
        row = await repo.get_by_hash(token_hash)
        if row is None or row.revoked_at is not None:
            return None
        expires = row.expires_at.isoformat() if row.expires_at else None
        return json.dumps({"id": str(row.id), "user_id": str(row.user_id), "exp": expires}).encode()

    raw = await read_through(
        res.cache, api_token_cache_key(token_hash), res.settings.cache_ttl_seconds, load
    )
    if raw is None:
        raise InvalidAccessToken("API token is invalid or revoked")
    data = json.loads(raw)
    now = datetime.now(UTC)
    if data["exp"] and datetime.fromisoformat(data["exp"]) <= now:
        raise InvalidAccessToken("API token has expired")
    token_id = uuid.UUID(data["id"])
    # Recording every use would turn reads into writes; once a minute per token is enough.
    mono = time.monotonic()
    if mono - _last_touch.get(token_id, 0.0) >= res.settings.api_token_touch_interval_seconds:
        _last_touch[token_id] = mono
        await repo.touch(token_id, now)
    return uuid.UUID(data["user_id"])


async def authenticate(
    session: AsyncSession, res: Resources, bearer: str | None, cookie: str | None
) -> Principal:
    """Resolve the caller from a Bearer credential (JWT or API token) or the access cookie."""
    token, via = (bearer, "bearer") if bearer else (cookie, "cookie")
    if not token:
        raise InvalidAccessToken("Authentication required")
    if token.startswith(API_TOKEN_PREFIX):
        if via == "cookie":
            raise InvalidAccessToken
        return await load_principal(session, res, await _api_token_user(session, res, token), "pat")
    try:
        claims = decode_access_token(
            token,
            secret=res.settings.secret_key.get_secret_value(),
            algorithm=res.settings.jwt_algorithm,
        )
    except InvalidToken as exc:
        raise InvalidAccessToken from exc
    return await load_principal(session, res, claims.user_id, via, claims.session_id)
