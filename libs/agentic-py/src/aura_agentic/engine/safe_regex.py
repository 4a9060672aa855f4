"""User-written regular expressions, run on RE2: time linear in the text, whatever the pattern.

Team rules (`pattern:`/`unless:` in `.aura/rules.yaml`) and lesson `errors:` patterns come from
users, and on the server from any team lead. Python's backtracking `re` lets one pattern such as
`(a+)+$` spend minutes on a 50,000-character line, so every such pattern is compiled here, by
RE2, on every channel (CLI, git hook, editor, API, worker). RE2 has no backreferences and no
lookaround; those patterns are refused when the file is loaded, with a message that says what
to write instead. See docs/adr/0010-untrusted-input.md.

google-re2 is imported on first use: a hook whose configuration has no regex rule never pays
for it (tests/engine/test_import_cost.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

MAX_PATTERN_CHARS = 2000
# RE2's budget for one compiled program; a larger pattern is refused rather than degraded.
_MAX_MEM = 8 << 20

_HINTS = (
    ("invalid perl operator: (?=", "lookahead (?=…) is not supported"),
    ("invalid perl operator: (?!", "negative lookahead (?!…) is not supported"),
    ("invalid perl operator: (?<", "lookbehind (?<…) is not supported"),
    ("invalid escape sequence: \\Z", "\\Z is not supported (use \\z, or $ for the line end)"),
    ("invalid repetition size", "a repeat count is above 1000"),
    ("pattern too large", "the pattern is too large (its compiled form passes 8 MB)"),
)
_LOOKAROUND_FIX = (
    "; match the wider text in `pattern` and put the exception in `unless` "
    "(a line that also matches `unless` is not reported)"
)


_BACKREFERENCE = re.compile(r"invalid escape sequence: \\[1-9]")


class UnsafePattern(ValueError):
    """A pattern RE2 cannot run; `str()` says why, in words a rule author can act on."""


def _re2() -> Any:
    try:
        import re2  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - google-re2 is a dependency
        raise UnsafePattern(
            "regex rules need the google-re2 package (pip install google-re2)"
        ) from exc
    return re2


def _explain(raw: str) -> str:
    for needle, hint in _HINTS:
        if needle in raw:
            extra = _LOOKAROUND_FIX if "look" in hint else ""
            return f"{hint} (patterns run on RE2, in linear time){extra}"
    if _BACKREFERENCE.search(raw):
        return "backreferences (\\1) are not supported (patterns run on RE2, in linear time)"
    return raw


@lru_cache(maxsize=512)
def _compile(pattern: str) -> Any:
    if len(pattern) > MAX_PATTERN_CHARS:
        raise UnsafePattern(f"the pattern is longer than {MAX_PATTERN_CHARS} characters")
    re2 = _re2()
    options = re2.Options()
    options.log_errors = False  # RE2 would print parse errors on stderr
    options.max_mem = _MAX_MEM
    options.never_nl = True  # a match never spans lines, even in joined text
    try:
        # (?m): ^ and $ mean the line's start and end, also in a file's joined text.
        return re2.compile("(?m)" + pattern, options)
    except re2.error as exc:
        text = exc.args[0] if exc.args else exc
        message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        raise UnsafePattern(_explain(message.replace("(?m)", "", 1))) from None


def check_pattern(pattern: str) -> None:
    """Raise `UnsafePattern` (with a fix-it message) unless `pattern` compiles on RE2."""
    _compile(pattern)


class UserRegex:
    """One user pattern, and optionally an `unless` pattern vetoing the lines it matches.

    Matches never cross a line end and `^`/`$` are line anchors, so a file's joined text is
    searched in one linear pass with the same answers as line by line. The text is searched as
    UTF-8 bytes (encoded once; lone surrogates from undecodable input pass through).
    """

    __slots__ = ("_regex", "_unless", "pattern")

    def __init__(self, pattern: str, unless: str | None = None) -> None:
        self.pattern = pattern
        self._regex = _compile(pattern)
        self._unless = _compile(unless) if unless else None

    def search(self, text: str) -> int | None:
        """The column offset of the first match in the line `text`, or None (also when
        `unless` matches the line)."""
        hits = self.first_per_line(text)
        return hits[0][1] if hits else None

    def first_per_line(self, text: str) -> list[tuple[int, int]]:
        """(line index, column offset) of the first match on each line of `text` (lines
        joined with newlines), ascending."""
        data = _encode(text)
        lines = _Lines(data)
        vetoed = set() if self._unless is None else set(_first_hits(self._unless, data, lines))
        hits: list[tuple[int, int]] = []
        for index, at in _first_hits(self._regex, data, lines).items():
            if index not in vetoed:
                column = len(data[lines.starts[index] : at].decode("utf-8", "surrogatepass"))
                hits.append((index, column))
        return hits


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


class _Lines:
    """Byte offsets where the lines of `data` start."""

    __slots__ = ("starts",)

    def __init__(self, data: bytes) -> None:
        starts = [0]
        at = data.find(b"\n")
        while at >= 0:
            starts.append(at + 1)
            at = data.find(b"\n", at + 1)
        self.starts = starts

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def _first_hits(regex: Any, data: bytes, lines: _Lines) -> dict[int, int]:
    """Line index -> byte offset of its first match; one search per matching line."""
    found: dict[int, int] = {}
    pos, end = 0, len(data)
    while pos <= end:
        m = regex.search(data, pos)
        if m is None:
            break
        at = int(m.start())
        index = lines.index(at)
        found[index] = at
        if index + 1 >= len(lines.starts):
            break
        pos = lines.starts[index + 1]
    return found


def compile_user_regex(pattern: str, unless: str | None = None) -> UserRegex:
    """Compile a user-written pattern (and its `unless` veto) for linear-time search.

    Raises `UnsafePattern` with an actionable message when RE2 cannot run it.
    """
    return UserRegex(pattern, unless)
