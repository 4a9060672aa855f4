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
