"""Mask secrets in arbitrary text before it is printed, logged or sent anywhere."""

from __future__ import annotations

import re

from aura_agentic.rules.secrets import scan_secrets

_MASK = "\u2026[redacted]"
_KEEP = 4
# Whole PEM/PGP private key blocks, so body lines under the header are masked too.
_KEY_BLOCK = re.compile(
    r"-{4,5}[ ]?BEGIN[ ][A-Z0-9 ]{0,40}PRIVATE[ ]KEY(?:[ ]BLOCK)?[ ]?-{4,5}"
    r"(?P<body>.*?)(?=-{4,5}[ ]?END[ ]|\Z)",
    re.DOTALL,
)


def _mask(secret: str) -> str:
    """Return the redacted form of ``secret``: its first four characters then the marker."""
    return secret[:_KEEP] + _MASK


def redact(text: str) -> str:
    """Return ``text`` with every detected secret masked as its first 4 characters + '…[redacted]'.

    Runs the same detectors as the audit (every line treated as added, the text's own lines as
    context, no path so fixture leniency never applies), after first collapsing the body of any
    private key block into the marker. Non-secret text, line endings and layout are preserved.
    """
    if not text:
        return text
    raw_lines = _KEY_BLOCK.sub(_mask_key_body, text).split("\n")
    lines = {i + 1: line for i, line in enumerate(raw_lines)}
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for hit in scan_secrets("", lines, lines.keys()):
        by_line.setdefault(hit.line, []).append((hit.column - 1, hit.end_column - 1, hit.secret))
    for number, spans in by_line.items():
        line = raw_lines[number - 1]
        for start, end, secret in sorted(spans, reverse=True):
            line = line[:start] + _mask(secret) + line[end:]
        raw_lines[number - 1] = line
    return "\n".join(raw_lines)


def _mask_key_body(match: re.Match[str]) -> str:
    """Replace the body of a private key block, keeping the header and line structure."""
    body = match.group("body")
    if not re.search(r"[A-Za-z0-9+/=]{16,}", body):
        return match.group()
    head = match.group()[: match.start("body") - match.start()]
    kept_newlines = "\n" if body.startswith(("\n", "\r\n")) else ""
    return head + kept_newlines + _MASK + ("\n" if body.endswith("\n") else "")


# Runs of token characters long enough to be a generated credential. `/` is included (base64)
# and `.` is not (file extensions, host names; JWTs are found by the detectors above).
_TOKEN = re.compile(r"[A-Za-z0-9+/_\-]{20,}={0,2}")
_SEPARATORS = re.compile(r"[_\-]+")
_PLAIN_RUN = re.compile(r"[A-Za-z]+|[0-9]+|[A-Za-z]+[0-9]+|[0-9]+[A-Za-z]+")
_MIN_TOKEN = 20
_DIGEST_LENGTHS = frozenset({32, 40, 64, 128})


def scrub(text: str) -> str:
    """Return ``text`` redacted (see `redact`), then with every remaining high-entropy token
    masked the same way: for text a receiver stores or logs and nobody needs verbatim
    (a server never trusts a client's redaction).

    A token is a run of 20+ characters of ``[A-Za-z0-9+/_-]`` (and base64 padding); it is
    masked when it looks generated (entropy, character mix, random letter case) and is not a
    UUID, a hash-length hex digest (git SHAs), a hand-typed fake or a word-like identifier.
    A path is judged segment by segment: `src/app/handlers` stays, a random segment goes.
    """
    text = redact(text)
    if len(text) < _MIN_TOKEN:
        return text
    return _TOKEN.sub(_scrub_token, text)


def _scrub_token(match: re.Match[str]) -> str:
    token = match.group()
    parts = token.split("/")
    # A path (every segment a word, a number or short) is judged segment by segment;
    # anything else (base64 has slashes too) as a whole first.
    if len(parts) == 1 or not all(_wordish(p) for p in parts):
        if _generated(token):
            return _mask(token)
        if len(parts) == 1:
            return token
    return "/".join(_mask(part) if _generated(part) else part for part in parts)


def _wordish(part: str) -> bool:
    return len(part) <= 6 or _plain_words(part)


def _plain_words(token: str) -> bool:
    """An identifier, a slug or a ticket name: words of letters (without random case), numbers,
    or a word and a number (`v2`, `0005`, `TEAM-1234`), joined by `_` or `-`."""
    runs = [r for r in _SEPARATORS.split(token) if r]
    return bool(runs) and all(_PLAIN_RUN.fullmatch(r) for r in runs) and not _case_noise(token)


def _generated(token: str) -> bool:
    from aura_agentic.rules.secrets.entropy import char_classes, is_hex, shannon_entropy
    from aura_agentic.rules.secrets.guards import is_fake_sequence, is_uuid

    core = token.strip("=-_/")
    if len(core) < _MIN_TOKEN or is_uuid(core) or is_fake_sequence(core):
        return False
    if len(core) in _DIGEST_LENGTHS and all(c in "0123456789abcdef" for c in core):
        return False  # a git SHA or a digest
    entropy = shannon_entropy(core)
    if _plain_words(core):
        return False
    if core.isalpha():
        return _case_noise(core) and entropy >= 3.6
    if is_hex(core):
        return entropy >= 3.0
    return entropy >= (3.3 if char_classes(core) >= 3 else 3.6)


def _case_noise(word: str) -> bool:
    """Letters whose case changes like random text's: camelCase has lowercase runs of two or
    more (`getHttpURL`), random letters keep leaving single lowercase letters between capitals."""
    letters = "".join(ch for ch in word if ch.isalpha())
    if len(letters) < 12:
        return False
    lone = sum(
        1
        for i, ch in enumerate(letters)
        if ch.islower()
        and (i == 0 or letters[i - 1].isupper())
        and (i + 1 == len(letters) or letters[i + 1].isupper())
    )
    return lone >= 2
