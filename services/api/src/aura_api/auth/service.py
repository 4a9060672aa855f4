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
from aura_api.config import Settings
from aura_api.models import RefreshToken, User
from aura_api.resources import Resources
from aura_api.security import (
    create_access_token,
    hash_password,
    hash_token,
    new_refresh_token,
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


async def login(
    session: AsyncSession, settings: Settings, email: str, password: str
) -> IssuedTokens:
    """Check credentials and start a new refresh-token family."""
    user = await UserRepository(session).get_by_email(email)
    if not verify_password(password, user.password_hash if user else None) or user is None:
        raise InvalidCredentials
    if not user.is_active:
        raise AccountDisabled
    return await _issue(session, settings, user.id, family_id=uuid.uuid4())


async def refresh(session: AsyncSession, settings: Settings, raw_token: str | None) -> IssuedTokens:
    """Rotate a refresh token. Presenting an already rotated one revokes its whole family."""
    if not raw_token:
        raise InvalidRefreshToken
    repo = RefreshTokenRepository(session)
    row = await repo.get_by_hash(hash_token(raw_token))
    now = datetime.now(UTC)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidRefreshToken
    if row.rotated_at is not None or not await repo.mark_rotated(row.id, now):
        await repo.revoke_family(row.family_id, now)
        raise RefreshTokenReused
    user = await UserRepository(session).get(row.user_id)
    if user is None or not user.is_active:
        await repo.revoke_family(row.family_id, now)
        raise InvalidRefreshToken
    return await _issue(session, settings, user.id, family_id=row.family_id)


async def logout(session: AsyncSession, raw_token: str | None) -> None:
    """End the login the refresh token belongs to; unknown tokens are ignored (idempotent)."""
    if not raw_token:
        return
    repo = RefreshTokenRepository(session)
    row = await repo.get_by_hash(hash_token(raw_token))
    if row is not None:
        await repo.revoke_family(row.family_id, datetime.now(UTC))


async def update_me(
    session: AsyncSession, res: Resources, principal: Principal, data: UserUpdate
) -> User:
    """Edit your own profile; a new password ends every other session."""
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
        await RefreshTokenRepository(session).revoke_all_for_user(user.id, datetime.now(UTC))
    user.updated_at = datetime.now(UTC)
    await repo.add(user)
    await res.cache.delete(user_cache_key(user.id))
    return user


async def _issue(
    session: AsyncSession, settings: Settings, user_id: uuid.UUID, *, family_id: uuid.UUID
) -> IssuedTokens:
    raw = new_refresh_token()
    now = datetime.now(UTC)
    await RefreshTokenRepository(session).add(
        RefreshToken(
            user_id=user_id,
            family_id=family_id,
            token_hash=hash_token(raw),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.refresh_token_ttl_seconds),
        )
    )
    access = create_access_token(
        user_id,
        secret=settings.secret_key.get_secret_value(),
        algorithm=settings.jwt_algorithm,
        ttl=settings.access_token_ttl_seconds,
    )
    return IssuedTokens(
        access_token=access,
        refresh_token=raw,
        expires_in=settings.access_token_ttl_seconds,
        refresh_expires_in=settings.refresh_token_ttl_seconds,
    )
