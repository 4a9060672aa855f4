"""Private key blocks: PEM (RSA, EC, DSA, PKCS#8, encrypted), OpenSSH, PGP, PuTTY, base64-wrapped.

A header alone is not a secret (code that *checks* for a header is common), so every detector here
requires key material: base64 body on the following lines, or after a literal ``\\n`` on the same
line (JSON-escaped keys as in GCP service-account files). Public keys and certificates are never
matched because the header regexes demand the words PRIVATE KEY.
"""

from __future__ import annotations

import binascii

from aura_agentic.rules.secrets.context import Candidate, ScanContext
from aura_agentic.rules.secrets.entropy import shannon_entropy
from aura_agentic.rules.secrets.lazy_re import lazy_compile

PRIVATE_KEY = "secrets/private-key"
PUTTY_KEY = "secrets/putty-private-key"
ENCODED_KEY = "secrets/private-key-base64"

_BEGIN = lazy_compile(
    r"-{4,5}[ ]?BEGIN[ ](?:[A-Z0-9]{1,12}[ ]){0,3}PRIVATE[ ]KEY(?:[ ]BLOCK)?[ ]?-{4,5}"
)
_BASE64_RUN = lazy_compile(r"[A-Za-z0-9+/]{40,}")
_BODY_LINE = lazy_compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_HEADER_LINE = lazy_compile(r"^\s*[\"']?[A-Za-z][\w\-]*:\s")
_PUTTY = lazy_compile(r"PuTTY-User-Key-File-\d+:\s*[\w@.\-]+")
# the private lines themselves: base64, 64 characters a line (code naming the header has none)
_PUTTY_BODY = lazy_compile(r"Private-Lines:\s*\d+\s*(?:\\n|\n)\s*[A-Za-z0-9+/]{40,}")
_ENCODED = lazy_compile(r"(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,}={0,2}")
_FAKE_BODY = ("...", "xxxx", "XXXX", "<", "\u2026", "REDACTED", "redacted", "EXAMPLE")
_LOOKAHEAD = 8


def _real_body(text: str) -> bool:
    """Return True when ``text`` holds a plausible base64 key body (not dots or a stub)."""
    if any(marker in text for marker in _FAKE_BODY):
        return False
    run = _BASE64_RUN.search(text) or _BODY_LINE.search(text)
    return run is not None and shannon_entropy(run.group()) >= 3.5


def _body_below(ctx: ScanContext, number: int) -> bool:
    """Return True when the known lines under a header contain key material."""
    for offset in range(1, _LOOKAHEAD + 1):
        line = ctx.get(number + offset)
        if line is None:
            return False
        stripped = line.strip()
        if not stripped or _HEADER_LINE.match(stripped):
            continue  # blank separator or Proc-Type / Version / Comment header
        if "-----END" in stripped:
            return False
        return _real_body(stripped)
    return False


def detect_private_keys(ctx: ScanContext, number: int, line: str) -> list[Candidate]:
    """Find private key blocks whose header is on line ``number`` and whose body is present."""
    found: list[Candidate] = []
    for match in _BEGIN.finditer(line):
        rest = line[match.end() :]
        inline = rest.replace("\\r", " ").replace("\\n", " ")[:400]
        if _real_body(inline):
            body = _BASE64_RUN.search(inline) or _BODY_LINE.search(inline)
            end = match.end() + (body.end() if body else 0)
            found.append(
                (PRIVATE_KEY, match.start(), min(end, len(line)), line[match.start() : end])
            )
        elif _body_below(ctx, number):
            found.append((PRIVATE_KEY, match.start(), match.end(), match.group()))
    putty = _PUTTY.search(line)
    if putty is not None:
        window = "\n".join(
            [line[putty.end() :]] + [ctx.get(number + k) or "" for k in range(1, 40)]
        )
        lines_at = window.find("Private-Lines:")
        if lines_at >= 0 and _PUTTY_BODY.search(window, lines_at) is not None:
            found.append((PUTTY_KEY, putty.start(), putty.end(), putty.group()))
    return found


# JSON Web Keys: the private members of an RSA/EC/OKP key (`d`, `p`, `q`, `dp`, `dq`, `qi`)
# and the key of a symmetric (`"kty": "oct"`) one. Public members (`n`, `e`, `x`, `y`) are not.
_JWK_PRIVATE = lazy_compile(
    r"[\"'](?P<m>d|p|q|dp|dq|qi|k)[\"']\s*:\s*[\"'](?P<v>[A-Za-z0-9_\-]{32,})[\"']"
)
_JWK_REACH = 12


def detect_jwk_private(ctx: ScanContext, number: int, line: str) -> list[Candidate]:
    """Private key material of a JSON Web Key: a private member next to the key's `kty`."""
    found: list[Candidate] = []
    for match in _JWK_PRIVATE.finditer(line):
        near = "\n".join(
            ctx.get(n) or "" for n in range(number - _JWK_REACH, number + _JWK_REACH + 1)
        )
        if '"kty"' not in near and "'kty'" not in near:
            continue
        if match.group("m") == "k" and "oct" not in near:
            continue
        value = match.group("v")
        if shannon_entropy(value) < 4.0:
            continue
        found.append((PRIVATE_KEY, match.start("v"), match.end("v"), value))
    return found


def detect_encoded_keys(line: str) -> list[Candidate]:
    """Find base64-wrapped PEM private keys (Kubernetes ``tls.key``, CI variables)."""
    found: list[Candidate] = []
    for match in _ENCODED.finditer(line):
        head = match.group()[:96]
        try:
            decoded = binascii.a2b_base64(head[: len(head) // 4 * 4])
        except (binascii.Error, ValueError):
            continue
        if b"PRIVATE KEY" in decoded:
            found.append((ENCODED_KEY, match.start(), match.end(), match.group()))
    return found
