"""Server-side redaction of event and finding text: secrets masked, code never stored."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aura_agentic.redaction import redact

# Keys whose values are code (or could be); the server never stores code.
CODE_KEYS = frozenset({"code", "source_code", "diff", "patch", "content", "file_content"})
_MAX_CACHED = 2048


@lru_cache(maxsize=65536)
def _redact_cached(text: str) -> str:
    return redact(text)


def redact_text(text: str) -> str:
    """Mask secrets; short repeated strings (paths, repos, messages) hit a cache."""
    return _redact_cached(text) if len(text) <= _MAX_CACHED else redact(text)


def clean_data(value: Any) -> Any:
    """Copy `value` with code-bearing keys dropped and every string redacted."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {str(k): clean_data(v) for k, v in value.items() if str(k).lower() not in CODE_KEYS}
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    return value
