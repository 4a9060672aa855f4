"""Turn error messages, tracebacks and code into retrieval signals."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+\.\d+|\d+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_ERROR_CLASS = re.compile(r"\b([A-Z][A-Za-z]*(?:Error|Exception|Warning|Rejection))\b")
_TS_CODE = re.compile(r"\bTS(\d{4,5})\b")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
_STOP = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
        "is", "it", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with",
        "you", "your", "not",
    }
)  # fmt: skip

LANGUAGE_ALIASES = {
    "py": "python",
    "python3": "python",
    "ts": "typescript",
    "tsx": "typescript",
    "typescriptreact": "typescript",
    "js": "javascript",
    "jsx": "javascript",
    "javascriptreact": "javascript",
    "node": "javascript",
}


def normalise_language(language: str | None) -> str | None:
    """`tsx`, `typescriptreact` → `typescript` and so on; None stays None."""
    if not language:
        return None
    lang = language.strip().lower()
    return LANGUAGE_ALIASES.get(lang, lang)


def tokenize(text: str) -> list[str]:
    """Lower-cased words without stop words; camelCase identifiers also yield their parts."""
    out: list[str] = []
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in _STOP or len(lower) < 2:
            continue
        out.append(lower)
        parts = _CAMEL.split(word)
        if len(parts) > 1:
            out.extend(p.lower() for p in parts if len(p) > 1 and p.lower() not in _STOP)
    return out


@dataclass(frozen=True, slots=True)
class ErrorSignals:
    """What an error message says, independent of the names in it."""

    lines: tuple[str, ...]
    classes: tuple[str, ...]
    ts_codes: tuple[str, ...]
    phrases: tuple[str, ...]


def error_signals(messages: list[str]) -> ErrorSignals:
    """The error lines (the last line of a traceback matters most), the error classes
    (`NameError`, `TypeError`), TypeScript codes (`TS2532`) and the key phrases with quoted
    names removed (`'NoneType' object has no attribute 'x'` → `object has no attribute`)."""
    lines: list[str] = []
    for message in messages:
        for raw in message.splitlines():
            line = raw.strip()
            if not line or line.startswith(("File ", "at ", "^", "~")) or set(line) <= {"^", "~"}:
                continue
            lines.append(line[:500])
    classes = sorted({m for line in lines for m in _ERROR_CLASS.findall(line)})
    codes = sorted({f"TS{m}" for line in lines for m in _TS_CODE.findall(line)})
    phrases: list[str] = []
    for line in lines:
        body = _ERROR_CLASS.sub(" ", _TS_CODE.sub(" ", line))
        phrase = " ".join(_QUOTED.sub(" ", body).replace(":", " ").split())
        if len(phrase) > 3:
            phrases.append(phrase)
    return ErrorSignals(tuple(lines), tuple(classes), tuple(codes), tuple(phrases))
