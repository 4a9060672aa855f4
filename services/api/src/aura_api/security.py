"""Passwords, JWTs and opaque tokens: the only module importing python-jose and passlib."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from jose import JWTError, jwt
from passlib.context import CryptContext

API_TOKEN_PREFIX = "aura_pat_"


class _PasswordHasher:
    """argon2 through passlib, with a cost that tests may lower."""

    def __init__(self) -> None:
        self.configure(memory_kib=65536, time_cost=3)

    def configure(self, *, memory_kib: int, time_cost: int) -> None:
        self.context = CryptContext(
            schemes=["argon2"],
            deprecated="auto",
            argon2__memory_cost=memory_kib,
            argon2__rounds=time_cost,
        )
        # Verified against when the user does not exist, so timing does not reveal it.
        self.dummy_hash = self.context.hash("aura-dummy-password")


_hasher = _PasswordHasher()


def configure_password_hashing(*, memory_kib: int, time_cost: int) -> None:
    """Set the argon2 cost (tests lower it; production keeps the strong default)."""
    _hasher.configure(memory_kib=memory_kib, time_cost=time_cost)


class InvalidToken(Exception):
    """The token is malformed, expired, or not signed by us."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    expires_at: datetime


def hash_password(password: str) -> str:
    return str(_hasher.context.hash(password))


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-work check: a missing user still costs one argon2 verification."""
    if password_hash is None:
        _hasher.context.verify(password, _hasher.dummy_hash)
        return False
    try:
        return bool(_hasher.context.verify(password, password_hash))
    except (ValueError, TypeError):
        return False


def create_access_token(user_id: uuid.UUID, *, secret: str, algorithm: str, ttl: int) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "typ": "access",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl)).timestamp()),
    }
    token: str = jwt.encode(claims, secret, algorithm=algorithm)
    return token


def decode_access_token(token: str, *, secret: str, algorithm: str) -> AccessClaims:
    """Verify signature and expiry with the one pinned algorithm (never the header's choice)."""
    try:
        claims = jwt.decode(token, secret, algorithms=[algorithm])
        if claims.get("typ") != "access":
            raise InvalidToken("not an access token")
        return AccessClaims(
            user_id=uuid.UUID(str(claims["sub"])),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
        )
    except (JWTError, KeyError, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from exc


def new_refresh_token() -> str:
    return secrets.token_urlsafe(48)


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(30)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """Opaque tokens are high-entropy, so one SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
