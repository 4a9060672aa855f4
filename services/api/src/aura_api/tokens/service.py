"""Create, list and revoke personal API tokens; only their hashes are stored."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.principal import Principal, api_token_cache_key
from aura_api.cache import Cache, invalidate
from aura_api.models import ApiToken
from aura_api.security import hash_token, new_api_token
from aura_api.tokens.errors import ApiTokenNotFound
from aura_api.tokens.repository import ApiTokenRepository
from aura_api.tokens.schemas import ApiTokenCreate


async def create_token(
    session: AsyncSession, user: Principal, data: ApiTokenCreate
) -> tuple[ApiToken, str]:
    """Mint a token for the caller; returns the row and the raw token (shown once)."""
    raw = new_api_token()
    now = datetime.now(UTC)
    row = ApiToken(
        user_id=user.id,
        name=data.name,
        token_hash=hash_token(raw),
        token_prefix=raw[:13],
        created_at=now,
        expires_at=now + timedelta(days=data.expires_in_days) if data.expires_in_days else None,
    )
    return await ApiTokenRepository(session).add(row), raw


async def list_tokens(
    session: AsyncSession, user: Principal, *, limit: int, offset: int
) -> tuple[Sequence[ApiToken], int]:
    return await ApiTokenRepository(session).list_for_user(user.id, limit=limit, offset=offset)


async def revoke_token(
    session: AsyncSession, cache: Cache, user: Principal, token_id: uuid.UUID
) -> None:
    """Revoke one of the caller's tokens; someone else's token is simply not found."""
    repo = ApiTokenRepository(session)
    row = await repo.get(token_id)
    if row is None or row.user_id != user.id:
        raise ApiTokenNotFound
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        await repo.add(row)
    await invalidate(session, cache, api_token_cache_key(row.token_hash))
