"""A small, forgiving Python lexer that separates code from strings and comments.

`tokenize` is exact but refuses the fragments a diff hunk contains (unbalanced brackets, a
docstring cut in half), so rules use this instead: it masks string contents and comments
with spaces (columns stay put), tracks multi-line strings and bracket depth across lines, and
never fails. It jumps between interesting characters with one regex, so it stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aura_agentic.engine.context import FileContext
from aura_agentic.rules.lazy_re import lazy_compile

_SPECIAL = lazy_compile(r"[#'\"()\[\]{}\\]")
_NEEDS_SCAN = lazy_compile(r"[#'\"\\]")
_CLOSERS = {q: lazy_compile(r"\\.|" + re.escape(q), re.S) for q in ('"', "'", '"""', "'''")}
_MAIN_GUARD = lazy_compile(r"""^\s*if\s+__name__\s*==\s*(['"])__main__\1\s*:""")
_MAIN_GUARD_REVERSED = lazy_compile(r"""^\s*if\s+(['"])__main__\1\s*==\s*__name__\s*:""")


@dataclass(slots=True)  # not frozen: frozen __init__ is measurably slower on hot paths
class PyLine:
    """One lexed line: `code` with strings/comments blanked, and the state it started in."""

    code: str
    in_string: bool
    continued: bool

    @property
    def is_blank(self) -> bool:
        """True for blank lines, comment-only lines and lines wholly inside a string."""
        return not self.code.strip()


def _close(text: str, start: int, quote: str) -> int:
    """Index just past the closing `quote` at or after `start`, or -1 if the line has none."""
    for m in _CLOSERS[quote].finditer(text, start):
        if m.group() == quote:
            return m.end()
    return -1


# One flat loop on purpose: it is the hot path, and helper calls per token cost time.
def lex_segment(  # noqa: PLR0915
    lines: dict[int, str], start: int, end: int, initial: str | None = None
) -> dict[int, PyLine]:
    """Lex lines `start..end`; `initial` is the open triple quote the first line starts in."""
    out: dict[int, PyLine] = {}
    state: str | None = initial  # the quote of the string the next line starts in
    depth = 0
    backslash = False
    for no in range(start, end + 1):
        text = lines.get(no, "")
        in_string = state is not None
        continued = depth > 0 or backslash
        backslash = False
        if state is None and _NEEDS_SCAN.search(text) is None:
            # Fast path: no string, comment or continuation on this line, so only the
            # bracket depth changes, and str.count does that at C speed.
            out[no] = PyLine(text, False, continued)
            opened = text.count("(") + text.count("[") + text.count("{")
            if opened or depth:
                depth = max(0, depth + opened - text.count(")") - text.count("]") - text.count("}"))
            continue
        n = len(text)
        buf: list[str] = []
        i = 0
        if state is not None:
            close = _close(text, 0, state)
            if close < 0:
                out[no] = PyLine("", True, continued)
                if len(state) == 1 and not text.endswith("\\"):
                    state = None  # only a backslash carries a one-quote string on
                continue
            buf.append(" " * close)
            i, state = close, None
        while i < n:
            m = _SPECIAL.search(text, i)
            if m is None:
                buf.append(text[i:])
                break
            j = m.start()
            buf.append(text[i:j])
            ch = text[j]
            if ch == "#":
                buf.append(" " * (n - j))
                break
            if ch in "'\"":
                quote = ch * 3 if text.startswith(ch * 3, j) else ch
                q = len(quote)
                close = _close(text, j + q, quote)
                if close < 0:
                    if q == 3 or text.endswith("\\"):
                        state = quote  # a one-quote string goes on after a backslash
                    buf.append(quote + " " * (n - j - q))
                    break
                buf.append(quote + " " * (close - j - 2 * q) + quote)
                i = close
                continue
            if ch == "\\":
                if j == n - 1:
                    backslash = True
                buf.append(" ")
            elif ch in "([{":
                depth += 1
                buf.append(ch)
            else:
                depth = max(0, depth - 1)
                buf.append(ch)
            i = j + 1
        out[no] = PyLine("".join(buf), in_string, continued)
    return out


_OPENER_TAIL = lazy_compile(
    r"(?:[=(\[{,:]|\breturn|\byield|\bin|\band|\bor|\bnot|%|\+)\s*[rRbBuUfF]{0,2}$"
)


def starts_in_string(lines: dict[int, str], start: int, end: int) -> str | None:
    """Guess whether a hunk begins inside a triple-quoted string opened above it.

    An odd number of triple quotes means one of them is unpaired. If the first one reads as
    a closer (prose before it, or a lone quote not preceded by a `def`/assignment line), the
    hunk most likely starts inside a docstring or multi-line string.
    """
    for quote in ('"""', "'''"):
        first: int | None = None
        count = 0
        for no in range(start, end + 1):
            n = lines.get(no, "").count(quote)
            if n and first is None:
                first = no
            count += n
        if first is None or count % 2 == 0:
            continue
        text = lines.get(first, "")
        before = text[: text.index(quote)].rstrip()
        if before:
            return None if _OPENER_TAIL.search(before) or "#" in before else quote
        prev = next(
            (
                lines.get(n, "").rstrip()
                for n in range(first - 1, start - 1, -1)
                if lines.get(n, "").strip()
            ),
            None,
        )
        if prev is None or prev.endswith((":", "(", "=", ",", "[", "{")):
            return None
        return quote
    return None


def lex_file(ctx: FileContext) -> dict[int, PyLine]:
    """Lex every known line of a Python file once per audit (cached on the context)."""
    cached = ctx.cache.get("python_lex")
    if cached is None:
        cached = {}
        for seg in ctx.segments:
            initial = None
            if not ctx.whole_file and seg.start > 1:
                initial = starts_in_string(ctx.lines, seg.start, seg.end)
            cached.update(lex_segment(ctx.lines, seg.start, seg.end, initial))
        ctx.cache["python_lex"] = cached
    result: dict[int, PyLine] = cached
    return result


def indent_of(text: str) -> int:
    """Width of the leading whitespace (tabs to 8 columns, as Python does)."""
    width = len(text) - len(text.lstrip(" \t"))
    if "\t" not in text[:width]:
        return width
    return len(text[:width].expandtabs(8))


def is_main_guard(text: str) -> bool:
    """True for `if __name__ == "__main__":` (either operand order, either quote)."""
    return bool(_MAIN_GUARD.match(text) or _MAIN_GUARD_REVERSED.match(text))


def main_block_lines(ctx: FileContext, lexed: dict[int, PyLine]) -> set[int]:
    """Line numbers inside an `if __name__ == "__main__":` block.

    Without the whole file, a hunk whose git header names the guard is taken to start
    inside the block (git shows the nearest enclosing top-level line there).
    """
    inside: set[int] = set()
    if not any("__main__" in s.header for s in ctx.segments) and not ctx.any_line_has("__main__"):
        return inside
    for seg in ctx.segments:
        guard: int | None = 0 if (seg.header and is_main_guard(seg.header)) else None
        for no in range(seg.start, seg.end + 1):
            info = lexed.get(no)
            if info is None:
                continue
            text = ctx.lines.get(no, "")
            if not info.in_string and not info.continued and not info.is_blank:
                ind = indent_of(text)
                if guard is not None and ind <= guard:
                    guard = None
                if guard is None and is_main_guard(text):
                    guard = ind
                    inside.add(no)  # `if __name__ == "__main__": print(x)` on one line
                    continue
            if guard is not None:
                inside.add(no)
    return inside
