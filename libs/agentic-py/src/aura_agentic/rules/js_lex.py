"""A forgiving JavaScript/TypeScript lexer: blanks strings, template text, regex literals and
comments so rules match only real code. Template `${…}` expressions stay code.

Single- and double-quoted strings end at the line end even when unterminated, which keeps
apostrophes in JSX text (`<p>Don't</p>`) from swallowing the rest of a file.
"""

from __future__ import annotations

import re

from aura_agentic.engine.context import FileContext
from aura_agentic.rules.lazy_re import lazy_compile

_SPECIAL = lazy_compile(r"[/'\"`{}\\]")
_TEMPLATE = lazy_compile(r"\\.|`|\$\{", re.S)
_QUOTE_END = {q: lazy_compile(r"\\.|" + q, re.S) for q in ("'", '"')}
_REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^")
_REGEX_KEYWORDS = frozenset(
    {
        "return",
        "typeof",
        "case",
        "do",
        "else",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "yield",
        "await",
        "instanceof",
    }
)
_LAST_WORD = lazy_compile(r"([A-Za-z_$][\w$]*)\s*$")


def _regex_end(text: str, start: int) -> int:
    """Index past a regex literal starting at `start` (the `/`), or -1 if none on this line."""
    i, n, in_class = start + 1, len(text), False
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            i += 1
            while i < n and (text[i].isalnum()):
                i += 1
            return i
        i += 1
    return -1


def _regex_allowed(prev: str) -> bool:
    tail = prev.rstrip()
    if not tail:
        return True
    if tail[-1] in _REGEX_BEFORE:
        return True
    m = _LAST_WORD.search(tail)
    return bool(m and m.group(1) in _REGEX_KEYWORDS)


# One flat loop on purpose: it is the hot path, and helper calls per token cost time.
def lex_js_segment(lines: dict[int, str], start: int, end: int) -> dict[int, str]:  # noqa: PLR0915
    """Return the code-only text of lines `start..end` (same length, masked with spaces)."""
    out: dict[int, str] = {}
    in_block = False
    in_template = False
    stack: list[int] = []  # brace depth inside each open `${`
    for no in range(start, end + 1):
        text = lines.get(no, "")
        n = len(text)
        buf: list[str] = []
        i = 0
        prev = ""  # code seen so far on this line, to tell regex from division
        while i < n:
            if in_block:
                close = text.find("*/", i)
                if close < 0:
                    buf.append(" " * (n - i))
                    break
                buf.append(" " * (close + 2 - i))
                i, in_block = close + 2, False
                continue
            if in_template:
                m = _TEMPLATE.search(text, i)
                if m is None:
                    buf.append(" " * (n - i))
                    break
                token = m.group()
                buf.append(" " * (m.start() - i))
                buf.append(token if token != "\\" and not token.startswith("\\") else "  ")
                if token == "`":
                    in_template = False
                elif token == "${":
                    stack.append(0)
                    in_template = False
                i = m.end()
                continue
            m = _SPECIAL.search(text, i)
            if m is None:
                buf.append(text[i:])
                break
            j = m.start()
            chunk = text[i:j]
            buf.append(chunk)
            prev = (prev + chunk)[-40:]
            ch = text[j]
            i = j + 1
            if ch == "{":
                if stack:
                    stack[-1] += 1
                buf.append(ch)
            elif ch == "}":
                if stack and stack[-1] == 0:
                    stack.pop()
                    in_template = True
                elif stack:
                    stack[-1] -= 1
                buf.append(ch)
            elif ch == "`":
                in_template = True
                buf.append(ch)
            elif ch in "'\"":
                close = next(
                    (k.end() for k in _QUOTE_END[ch].finditer(text, j + 1) if k.group() == ch), -1
                )
                stop = close if close > 0 else n
                buf.append(ch + " " * (stop - j - 2) + (ch if close > 0 else " "))
                i = stop
            elif ch == "\\":
                buf.append(" ")
            elif text.startswith("//", j):
                buf.append(" " * (n - j))
                break
            elif text.startswith("/*", j):
                in_block = True
                buf.append("  ")
                i = j + 2
            else:  # "/": a regex literal or a division
                stop = _regex_end(text, j) if _regex_allowed(prev) else -1
                if stop > 0:
                    buf.append("/" + " " * (stop - j - 1))
                    i = stop
                else:
                    buf.append("/")
            if ch not in "'\"`":
                prev = (prev + buf[-1])[-40:]
            else:
                prev += "x"  # a literal behaves like an operand
        line = "".join(buf)
        out[no] = line[:n] if len(line) > n else line
    return out


def lex_js(ctx: FileContext) -> dict[int, str]:
    """Code-only text of every known line of a JS/TS file (cached on the context).

    In Vue and Svelte single-file components only the `<script>` blocks are code; the template
    and styles are blanked like comments.
    """
    cached = ctx.cache.get("js_lex")
    if cached is None:
        cached = {}
        component = ctx.language in COMPONENT_LANGUAGES
        for seg in ctx.segments:
            lines = ctx.lines
            if component:
                inside = _starts_in_script(ctx, seg.start, seg.end)
                lines = script_only(ctx.lines, seg.start, seg.end, inside)
            cached.update(lex_js_segment(lines, seg.start, seg.end))
        ctx.cache["js_lex"] = cached
    result: dict[int, str] = cached
    return result


COMPONENT_LANGUAGES = ("vue", "svelte")
_SCRIPT_OPEN = lazy_compile(r"<script\b[^>]*>", re.IGNORECASE)
_SCRIPT_CLOSE = lazy_compile(r"</script\s*>", re.IGNORECASE)
_SCRIPT_TAG = lazy_compile(r"<(/?)script\b", re.IGNORECASE)


def script_only(lines: dict[int, str], start: int, end: int, inside: bool) -> dict[int, str]:
    """Lines `start..end` with everything outside `<script>` blocks (and the tags) blanked."""
    out: dict[int, str] = {}
    for no in range(start, end + 1):
        text = lines.get(no, "")
        buf: list[str] = []
        i = 0
        while i < len(text):
            tag = (_SCRIPT_CLOSE if inside else _SCRIPT_OPEN).search(text, i)
            stop = tag.start() if tag else len(text)
            buf.append(text[i:stop] if inside else " " * (stop - i))
            if tag is None:
                break
            buf.append(" " * (tag.end() - tag.start()))
            i, inside = tag.end(), not inside
        out[no] = "".join(buf)
    return out


def _starts_in_script(ctx: FileContext, start: int, end: int) -> bool:
    """Whether a segment of a component begins inside a `<script>` block: never at the top of
    the file; in a hunk, when the first script tag it shows closes a block (or it shows none,
    as a hunk in the middle of a long script does)."""
    if start == 1 or ctx.whole_file:
        return False
    for no in range(start, end + 1):
        tag = _SCRIPT_TAG.search(ctx.lines.get(no, ""))
        if tag is not None:
            return tag.group(1) == "/"
    return True
