"""Client text the server keeps: scrubbed of secrets, and storable at all.

The server never trusts a client's redaction. Every free-text value a client sends that is
stored, logged, cached or queued passes `scrub_text` (the engine's secret detectors, then a
high-entropy sweep: `aura_agentic.redaction.scrub`) — declaratively, by typing the schema field
`ClientText`/`ClientData`, so the value is clean before any service sees it. JSON data also
loses code-bearing keys (the server never stores code). `unstorable_text` finds what no
database can hold (NUL, lone surrogates). See docs/adr/0010-untrusted-input.md.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

from aura_agentic.redaction import scrub
from pydantic import AfterValidator, BeforeValidator

# Keys whose values are code (or could be); the server never stores code.
CODE_KEYS = frozenset({"code", "source_code", "diff", "patch", "content", "file_content"})
_MAX_CACHED = 2048


def _scrub(text: str) -> str:
    # Never longer than what came in, so a schema's max_length (and the column's) still holds:
    # a mask can outgrow a very short secret; the text after it is cut instead.
    return scrub(text)[: len(text)]


@lru_cache(maxsize=65536)
def _scrub_cached(text: str) -> str:
    return _scrub(text)


def scrub_text(text: str) -> str:
    """Mask secrets and generated tokens; short repeated strings (paths, repos) hit a cache."""
    return _scrub_cached(text) if len(text) <= _MAX_CACHED else _scrub(text)


def scrub_optional(text: str | None) -> str | None:
    return None if text is None else scrub_text(text)


def scrub_data(value: Any) -> Any:
    """Copy JSON `value` with code-bearing keys dropped and every string (keys too) scrubbed."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {
            scrub_text(str(k)): scrub_data(v)
            for k, v in value.items()
            if str(k).lower() not in CODE_KEYS
        }
    if isinstance(value, list):
        return [scrub_data(v) for v in value]
    return value


def _scrub_input(value: Any) -> Any:
    return scrub_text(value) if isinstance(value, str) else value


# Scrubbed before the field's own constraints run: they then check what is kept (a mask never
# lengthens a string, and a secret-looking id fails its pattern instead of being stored).
ClientText = Annotated[str, BeforeValidator(_scrub_input)]
"""A free-text field from a client: stored, shown and logged only scrubbed."""

MAX_JSON_DEPTH = 20


def json_depth(value: Any) -> int:
    """How deeply `value` (decoded JSON) nests, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _bounded_data(value: dict[str, Any]) -> dict[str, Any]:
    if json_depth(value) > MAX_JSON_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    cleaned: dict[str, Any] = scrub_data(value)  # recursion bounded by the depth just checked
    return cleaned


ClientData = Annotated[dict[str, Any], AfterValidator(_bounded_data)]
"""Free-form JSON from a client (event data, audit stats): scrubbed, without code."""


def unstorable_text(value: Any) -> bool:
    """True when `value` (decoded JSON) holds a NUL or a lone surrogate in any string
    (walked without recursion: the JSON may nest deeply)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
