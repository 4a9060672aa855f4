"""Passwords, JWTs, opaque tokens and sealed values: the only module importing python-jose,
passlib and cryptography."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
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
    session_id: uuid.UUID  # the login (refresh-token family) the token belongs to
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


def create_access_token(
    user_id: uuid.UUID, session_id: uuid.UUID, *, secret: str, algorithm: str, ttl: int
) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
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
            session_id=uuid.UUID(str(claims["sid"])),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
        )
    except (JWTError, KeyError, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from exc


def new_refresh_token() -> str:
    return secrets.token_urlsafe(48)


def successor_refresh_token(raw: str, *, secret: str) -> str:
    """The token a refresh token rotates into: derived (HMAC) rather than random, so parallel
    rotations of one token within the grace window all return the same successor without the
    server ever storing a token in clear."""
    digest = hmac.new(secret.encode(), b"aura-refresh-successor\x00" + raw.encode(), "sha256")
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(30)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """Opaque tokens are high-entropy, so one SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


# Sealing: values the server must use later in clear (a webhook's URL and signing secret) are
# stored encrypted with AES-GCM under a key derived from AURA_SECRET_KEY, so a database dump
# reveals nothing a client sent. Rotating the secret key makes old sealed values unreadable.
SEAL_PREFIX = "sealed:v1:"
UNREADABLE_SEAL = "sealed-with-another-secret-key"
_seal_key: list[bytes] = []


def configure_sealing(secret: str) -> None:
    """Derive the sealing key from the instance's secret key (called when resources open)."""
    _seal_key[:] = [hashlib.sha256(b"aura-seal-v1\x00" + secret.encode()).digest()]


def _key() -> AESGCM:
    if not _seal_key:
        raise RuntimeError("sealing is not configured (configure_sealing)")
    return AESGCM(_seal_key[0])


def seal(text: str) -> str:
    """Encrypt `text` for storage: `sealed:v1:` + base64url(nonce + ciphertext + tag)."""
    nonce = os.urandom(12)
    blob = nonce + _key().encrypt(nonce, text.encode(), b"aura")
    return SEAL_PREFIX + base64.urlsafe_b64encode(blob).decode()


def sealed_length(plain_chars: int) -> int:
    """The stored length of a sealed value of `plain_chars` ASCII characters."""
    return len(SEAL_PREFIX) + 4 * -(-(12 + plain_chars + 16) // 3)


def unseal(value: str) -> str:
    """The clear text of a sealed value; unsealed (older) values pass through unchanged, and
    a value sealed under another secret key reads as `UNREADABLE_SEAL`."""
    if not value.startswith(SEAL_PREFIX):
        return value
    blob = base64.urlsafe_b64decode(value[len(SEAL_PREFIX) :])
    try:
        return _key().decrypt(blob[:12], blob[12:], b"aura").decode()
    except (InvalidTag, ValueError):
        return UNREADABLE_SEAL
