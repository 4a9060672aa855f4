"""Function extents for `python/long-function`: AST when the text parses, indentation otherwise.

A hunk rarely parses on its own (it starts mid-function, or cuts a string), so the fallback
walks indentation over the lexed lines, where strings and bracketed continuations are known
and cannot end a function early.
"""

from __future__ import annotations

import ast
import bisect
import textwrap

from aura_agentic.engine.context import FileContext, Segment
from aura_agentic.engine.model import Hit
from aura_agentic.rules.lazy_re import lazy_compile
from aura_agentic.rules.python_lex import PyLine, indent_of, lex_file

_DEF = lazy_compile(r"^\s*(?:async\s+)?def\s")
_MAX_AST_LINES = 20_000


def long_function_hits(ctx: FileContext, max_lines: int) -> list[Hit]:
    """Report each function longer than `max_lines` (def line to last line) that contains
    an added line; the hit is on the `def` line and spans to the function's end."""
    added = ctx.added
    if not added:
        return []
    hits: list[Hit] = []
    if not ctx.any_line_has("def"):
        return hits
    for seg in ctx.segments:
        lo = bisect.bisect_left(added, seg.start)
        if lo >= len(added) or added[lo] > seg.end:
            continue
        if seg.end - seg.start + 1 <= max_lines:
            continue  # nothing this short can hold a function that is too long
        if not any("def" in ctx.lines.get(no, "") for no in range(seg.start, seg.end + 1)):
            continue
        funcs = _ast_functions(ctx, seg)
        if funcs is None:
            funcs = _indent_functions(ctx, seg)
        for def_line, end_line, column in funcs:
            if end_line - def_line + 1 <= max_lines:
                continue
            i = bisect.bisect_left(added, def_line)
            if i < len(added) and added[i] <= end_line:
                hits.append(Hit(def_line, column, end_line))
    return hits


def _ast_functions(ctx: FileContext, seg: Segment) -> list[tuple[int, int, int]] | None:
    if seg.end - seg.start + 1 > _MAX_AST_LINES:
        return None
    source = "\n".join(ctx.lines.get(no, "") for no in range(seg.start, seg.end + 1))
    tree: ast.Module | None = None
    for dedent in (False, True):  # dedent only when needed: it costs two regex passes
        try:
            tree = ast.parse(textwrap.dedent(source) if dedent else source)
            break
        except (SyntaxError, ValueError):
            continue
    if tree is None:
        return None
    offset = seg.start - 1
    out: list[tuple[int, int, int]] = []
    for node in _function_defs(tree.body):
        line = node.lineno + offset
        text = ctx.lines.get(line, "")
        column = indent_of(text) + 1 if text.strip() else node.col_offset + 1
        out.append((line, (node.end_lineno or node.lineno) + offset, column))
    return out


def _function_defs(body: list[ast.stmt]) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function definition in a statement list, nested ones included.

    A `def` is always a statement, so walking statement lists (bodies, else/finally blocks,
    except handlers, match cases) finds them all while skipping the expression nodes that make
    up most of a tree: ~10x cheaper than `ast.walk`.
    """
    found: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    stack = [body]
    while stack:
        for node in stack.pop():
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append(node)
            for name in ("body", "orelse", "finalbody"):
                sub = getattr(node, name, None)
                if sub and isinstance(sub, list):
                    stack.append(sub)
            for holder in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
                stack.append(holder.body)
    return found


def _indent_functions(ctx: FileContext, seg: Segment) -> list[tuple[int, int, int]]:
    lexed: dict[int, PyLine] = lex_file(ctx)  # shared with the other Python rules
    open_defs: list[tuple[int, int, int]] = []  # (indent, def line, column)
    last: dict[int, int] = {}
    out: list[tuple[int, int, int]] = []
    for no in range(seg.start, seg.end + 1):
        info = lexed[no]
        if info.in_string or info.continued:
            for _, d, _c in open_defs:
                last[d] = no
            continue
        if info.is_blank:
            continue
        ind = indent_of(ctx.lines.get(no, ""))
        while open_defs and ind <= open_defs[-1][0]:
            _, d, col = open_defs.pop()
            out.append((d, last[d], col))
        for _, d, _c in open_defs:
            last[d] = no
        if _DEF.match(info.code):
            open_defs.append((ind, no, ind + 1))
            last[no] = no
    for _, d, col in open_defs:
        out.append((d, last[d], col))
    return out
