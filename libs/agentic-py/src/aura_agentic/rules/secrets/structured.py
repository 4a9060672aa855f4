"""Structured credentials: JWTs, passwords inside URLs and connection strings, auth headers."""

from __future__ import annotations

import binascii
import re

from aura_agentic.rules.secrets.context import Candidate, ScanContext
from aura_agentic.rules.secrets.entropy import looks_random
from aura_agentic.rules.secrets.guards import is_demo_path, is_fake, is_placeholder
from aura_agentic.rules.secrets.lazy_re import lazy_compile
from aura_agentic.rules.secrets.readable import (
    decoded,
    is_markup_or_code,
    is_memorable,
    names_a_credential,
)
from aura_agentic.rules.secrets.samples import (
    is_documentation_login,
    is_documentation_sample,
    is_prose,
)

JWT = "secrets/jwt"
SUPABASE = "secrets/supabase-service-key"
CONNECTION = "secrets/connection-string-password"
BASIC_URL = "secrets/basic-auth-url"
AUTH_HEADER = "secrets/authorization-header"

_JWT = lazy_compile(
    r"(?<![\w\-])eyJ[A-Za-z0-9_\-]{8,2000}\.ey[A-Za-z0-9_\-]{8,8000}\.[A-Za-z0-9_\-]{16,2000}(?![\w\-])"
)
# jwt.io's default token and friends: documentation, not credentials
_JWT_DEMO = (b'"john doe"', b'"sub":"1234567890"', b'"name":"test', b"example.com", b'"fake')
_MIN_CLAIMS = 16  # bytes of decoded payload; a real token names at least a subject or expiry
_JWT_FIXTURE = (b"test", b"example", b"fake", b"dummy", b"mock", b"sample")

_URL = lazy_compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{0,30})://(?P<user>[^\s:/?#@'\"<>`\\]{0,128}):"
    r"(?P<pw>[^\s/@'\"<>`\\]{1,256})@(?P<host>[A-Za-z0-9\[_%\-]{1}[^\s/?#'\"<>`\\]{0,253})"
)
_ORACLE = lazy_compile(r"jdbc:oracle:[a-z]+:(?P<user>\w+)/(?P<pw>[^@\s'\"/]{1,128})@")
_WEB_SCHEMES = ("http", "https", "git", "ws", "wss", "ssh", "svn", "hg", "git+https", "git+ssh")
_DOC_HOSTS = (
    "example.com",
    "example.org",
    "example.net",
    "example.",
    "your-",
    "yourdomain",
    "host:port",
)
_PW_TEMPLATE = lazy_compile(r"%[sd]|\{|\}|\$|^\*+$|^x+$|^\.+$", re.IGNORECASE)

_BEARER = lazy_compile(
    r"(?<![\w\-])(?P<scheme>Bearer|bearer|BEARER|Basic|basic|Token|Bot)[ \t]+"
    r"(?P<s>[A-Za-z0-9_\-.~+/]{12,}=*)(?![\w\-.~+/=])"
)


def _b64decode(part: str) -> bytes:
    """Decode base64 or base64url leniently; return b'' when it is not decodable."""
    padded = part.replace("-", "+").replace("_", "/") + "=" * (-len(part) % 4)
    try:
        return binascii.a2b_base64(padded)
    except (binascii.Error, ValueError):
        return b""


# Registered claims (RFC 7519) and the usual private ones: a token issued by a real system
# carries at least one; a documentation payload (`{"some": "payload"}`) carries none.
_REAL_CLAIMS = (
    b'"iss"',
    b'"sub"',
    b'"aud"',
    b'"exp"',
    b'"nbf"',
    b'"iat"',
    b'"jti"',
    b'"role"',
    b'"scope"',
    b'"user',
    b'"uid"',
    b'"email"',
    b'"azp"',
    b'"sid"',
    b'"name"',
    b'"ref"',
    b'"id"',
    b'"key"',
)


def _toy_claims(claims: bytes) -> bool:
    """Whether a JWT payload is a toy: a small JSON object with none of the claims real
    issuers put in tokens."""
    return len(claims) <= 64 and not any(claim in claims for claim in _REAL_CLAIMS)


def detect_jwts(ctx: ScanContext, line: str) -> list[Candidate]:
    """Find signed JWTs (header decodes to JSON with ``alg``), skipping documentation samples.

    Unsigned ``alg: none`` tokens have an empty signature and never match. Supabase
    ``service_role`` keys are reported under their own rule because they bypass row-level security.
    """
    found: list[Candidate] = []
    for match in _JWT.finditer(line):
        token = match.group()
        header, payload, _sig = token.split(".", 2)
        if b'"alg"' not in _b64decode(header).replace(b" ", b""):
            continue
        claims = _b64decode(payload).replace(b" ", b"").lower()
        if len(claims) < _MIN_CLAIMS or any(marker in claims for marker in _JWT_DEMO):
            continue  # a toy payload like {"a":"b"} only ever appears in documentation
        if _toy_claims(claims):
            continue  # `{"some":"payload"}`: no issuer, subject, audience, expiry or id
        if ctx.fixture and any(marker in claims for marker in _JWT_FIXTURE):
            continue
        rule = SUPABASE if b'"service_role"' in claims else JWT
        found.append((rule, match.start(), match.end(), token))
    return found


def _url_password_ok(user: str, password: str, host: str, path: str) -> bool:
    """Return True when a URL password is a literal credential, not a template or stand-in."""
    if len(password) < 3 or password == user or _PW_TEMPLATE.search(password):
        return False
    if not user and ":" in password:
        return False  # `cvs://:pserver:anoncvs@host`: CVS's own syntax, not a login
    if is_placeholder(password) or is_fake(password, path):
        return False
    if is_documentation_sample(password) or is_prose(password):
        return False
    plain = decoded(password)  # `p%40ss` is judged like `p@ss`
    if is_placeholder(plain) or names_a_credential(plain) or is_markup_or_code(plain):
        return False
    if is_demo_path(path) and is_memorable(plain):
        return False
    if is_documentation_login(user, password):
        return False
    lowered = host.lower()
    return not any(doc in lowered for doc in _DOC_HOSTS)


def detect_url_credentials(ctx: ScanContext, line: str) -> list[Candidate]:
    """Find passwords embedded in connection strings and basic-auth URLs.

    Database, broker and mail schemes (``postgres://``, ``mongodb+srv://``, ``redis://:pw@``,
    ``amqp://``, JDBC) are reported as connection strings; web schemes as basic-auth URLs.
    Interpolated (``${DB_PASS}``, ``{password}``, ``%s``), masked and documentation values are not.
    """
    found: list[Candidate] = []
    for match in _URL.finditer(line):
        user, password, host = match.group("user"), match.group("pw"), match.group("host")
        if not _url_password_ok(user, password, host, ctx.path):
            continue
        scheme = match.group("scheme").lower()
        rule = BASIC_URL if scheme in _WEB_SCHEMES else CONNECTION
        found.append((rule, match.start("pw"), match.end("pw"), password))
    for match in _ORACLE.finditer(line):
        user, password = match.group("user"), match.group("pw")
        if _url_password_ok(user, password, "", ctx.path):
            found.append((CONNECTION, match.start("pw"), match.end("pw"), password))
    return found


def detect_auth_headers(ctx: ScanContext, line: str) -> list[Candidate]:
    """Find ``Bearer``/``Token``/``Bot`` tokens and ``Basic`` credentials with real-looking values.

    A Basic value must decode to ``user:password`` with a non-placeholder password; other schemes
    need a random-looking token. JWTs are left to :func:`detect_jwts`.
    """
    found: list[Candidate] = []
    for match in _BEARER.finditer(line):
        value = match.group("s")
        if value.startswith("eyJ") or is_fake(value, ctx.path):
            continue
        if match.group("scheme").lower() == "basic":
            decoded = _b64decode(value).decode("latin-1")
            user, sep, password = decoded.partition(":")
            if (
                not sep
                or not decoded.isprintable()
                or not _url_password_ok(user, password, "", ctx.path)
                or is_documentation_sample(password)
            ):
                continue
        elif not looks_random(value, 16, 3.2):
            continue
        found.append((AUTH_HEADER, match.start("s"), match.end("s"), value))
    return found
