"""Accounts and sessions: register, log in, rotate refresh tokens, log out, edit yourself."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.errors import (
    AccountDisabled,
    EmailTaken,
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
    WrongCurrentPassword,
)
from aura_api.auth.principal import Principal, user_cache_key
from aura_api.auth.repository import RefreshTokenRepository, UserRepository
from aura_api.auth.schemas import UserCreate, UserUpdate
from aura_api.cache import invalidate
from aura_api.config import Settings
from aura_api.models import RefreshToken, User
from aura_api.resources import Resources
from aura_api.security import (
    InvalidToken,
    create_access_token,
    decode_access_token,
    hash_password,
    hash_token,
    new_refresh_token,
    successor_refresh_token,
    verify_password,
)


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int


async def register(session: AsyncSession, data: UserCreate, *, superuser: bool = False) -> User:
    """Create an account; the email is unique regardless of case."""
    repo = UserRepository(session)
    if await repo.get_by_email(data.email):
        raise EmailTaken
    user = User(
        email=data.email.lower(),
        display_name=data.display_name,
        password_hash=hash_password(data.password),
        is_superuser=superuser,
    )
    try:
        return await repo.add(user)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise EmailTaken from exc


async def login(session: AsyncSession, res: Resources, email: str, password: str) -> IssuedTokens:
    """Check credentials and start a new login (refresh-token family)."""
    user = await UserRepository(session).get_by_email(email)
    if not verify_password(password, user.password_hash if user else None) or user is None:
        raise InvalidCredentials
    if not user.is_active:
        raise AccountDisabled
    repo = RefreshTokenRepository(session)
    now = datetime.now(UTC)
    live = await repo.active_families(user.id, now)
    # A bounded number of logins per user: the oldest ones end first.
    for family in live[: max(0, len(live) - res.settings.max_sessions_per_user + 1)]:
        await repo.revoke_family(family, now)
    tokens = await _issue(session, res.settings, user.id, family_id=uuid.uuid4())
    await invalidate(session, res.cache, user_cache_key(user.id))  # the new login is live
    return tokens


async def refresh(session: AsyncSession, res: Resources, raw_token: str | None) -> IssuedTokens:
    """Rotate a refresh token. Presenting an already rotated one revokes its whole family,
    unless it was rotated within the grace window: then the same successor is returned (tabs
    and retrying clients refreshing in parallel stay logged in)."""
    if not raw_token:
        raise InvalidRefreshToken
    settings = res.settings
    repo = RefreshTokenRepository(session)
    row = await repo.get_by_hash(hash_token(raw_token))
    now = datetime.now(UTC)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidRefreshToken
    successor = successor_refresh_token(raw_token, secret=settings.secret_key.get_secret_value())
    if row.rotated_at is None and await repo.mark_rotated(row.id, now):
        user = await UserRepository(session).get(row.user_id)
        if user is None or not user.is_active:
            await repo.revoke_family(row.family_id, now)
            await invalidate(session, res.cache, user_cache_key(row.user_id))
            raise InvalidRefreshToken
        return await _issue(session, settings, user.id, family_id=row.family_id, raw=successor)
    # Rotated before (or just now, by a parallel request that won the race).
    rotated_at = row.rotated_at or now
    grace = timedelta(seconds=settings.refresh_reuse_grace_seconds)
    next_row = await repo.get_by_hash(hash_token(successor))
    if now - rotated_at <= grace and next_row is not None and next_row.revoked_at is None:
        return _tokens(settings, row.user_id, row.family_id, successor, next_row.expires_at, now)
    await repo.revoke_family(row.family_id, now)
    await invalidate(session, res.cache, user_cache_key(row.user_id))
    raise RefreshTokenReused


async def logout(
    session: AsyncSession, res: Resources, raw_token: str | None, access_token: str | None
) -> None:
    """End the login the refresh token (or the access token) belongs to; unknown or invalid
    tokens are ignored (idempotent)."""
    repo = RefreshTokenRepository(session)
    now = datetime.now(UTC)
    ended: list[tuple[uuid.UUID, uuid.UUID]] = []
    row = await repo.get_by_hash(hash_token(raw_token)) if raw_token else None
    if row is not None:
        ended.append((row.user_id, row.family_id))
    if access_token:
        try:
            claims = decode_access_token(
                access_token,
                secret=res.settings.secret_key.get_secret_value(),
                algorithm=res.settings.jwt_algorithm,
            )
            ended.append((claims.user_id, claims.session_id))
        except InvalidToken:
            pass
    for user_id, family_id in ended:
        await repo.revoke_family(family_id, now)
        await invalidate(session, res.cache, user_cache_key(user_id))


async def update_me(
    session: AsyncSession, res: Resources, principal: Principal, data: UserUpdate
) -> User:
    """Edit your own profile; a new password ends every other login of yours at once."""
    repo = UserRepository(session)
    user = await repo.get(principal.id)
    assert user is not None  # authenticated just now
    changes = data.model_dump(exclude_unset=True)
    if "display_name" in changes:
        user.display_name = data.display_name
    if data.password is not None:
        if not verify_password(data.current_password or "", user.password_hash):
            raise WrongCurrentPassword
        user.password_hash = hash_password(data.password)
        await RefreshTokenRepository(session).revoke_all_for_user(
            user.id, datetime.now(UTC), keep=principal.session_id
        )
    user.updated_at = datetime.now(UTC)
    await repo.add(user)
    await invalidate(session, res.cache, user_cache_key(user.id))
    return user


async def _issue(
    session: AsyncSession,
    settings: Settings,
    user_id: uuid.UUID,
    *,
    family_id: uuid.UUID,
    raw: str | None = None,
) -> IssuedTokens:
    raw = raw or new_refresh_token()
    now = datetime.now(UTC)
    expires = now + timedelta(seconds=settings.refresh_token_ttl_seconds)
    await RefreshTokenRepository(session).add(
        RefreshToken(
            user_id=user_id,
            family_id=family_id,
            token_hash=hash_token(raw),
            created_at=now,
            expires_at=expires,
        )
    )
    return _tokens(settings, user_id, family_id, raw, expires, now)


def _tokens(
    settings: Settings,
    user_id: uuid.UUID,
    family_id: uuid.UUID,
    raw: str,
    refresh_expires: datetime,
    now: datetime,
) -> IssuedTokens:
    access = create_access_token(
        user_id,
        family_id,
        secret=settings.secret_key.get_secret_value(),
        algorithm=settings.jwt_algorithm,
        ttl=settings.access_token_ttl_seconds,
    )
    return IssuedTokens(
        access_token=access,
        refresh_token=raw,
        expires_in=settings.access_token_ttl_seconds,
        refresh_expires_in=max(0, int((refresh_expires - now).total_seconds())),
    )
