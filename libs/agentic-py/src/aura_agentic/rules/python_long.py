"""Function extents for `python/long-function`: an indentation walk over lexed lines, checked
against the AST wherever a function comes near the threshold.

Parsing every touched file with `ast` costs ~6 µs a line (most of a 10 MB audit), while the
lexer (`python_lex`, shared with the other Python rules) knows which lines are inside strings
or bracketed continuations, so walking indentation over it finds every function's extent. Only
functions that come within `_VERIFY_MARGIN` lines of the threshold are then parsed, each on its
own, so the verdict on them is the AST's: exact where it matters, cheap everywhere else. When a
function's own text does not parse (a hunk cut mid-way, or a lexer guess that went wrong), the
whole segment is parsed as before, and when that fails too, the walk stands.
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
# Functions the walk measures within `_VERIFY_MARGIN` lines of the threshold are re-measured by
# the AST: the walk can only be off where the lexer misread a string, and then by a few lines.
_VERIFY_MARGIN = 10

Extent = tuple[int, int, int]  # (def line, last line, column of `def`)


def long_function_hits(ctx: FileContext, max_lines: int) -> list[Hit]:
    """Report each function longer than `max_lines` (def line to last line) that contains
    an added line; the hit is on the `def` line and spans to the function's end."""
    added = ctx.added
    if not added or not ctx.any_line_has("def"):
        return []
    hits: list[Hit] = []
    for seg in ctx.segments:
        lo = bisect.bisect_left(added, seg.start)
        if lo >= len(added) or added[lo] > seg.end:
            continue
        if seg.end - seg.start + 1 <= max_lines:
            continue  # nothing this short can hold a function that is too long
        for def_line, end_line, column in _segment_functions(ctx, seg, max_lines):
            if end_line - def_line + 1 <= max_lines:
                continue
            i = bisect.bisect_left(added, def_line)
            if i < len(added) and added[i] <= end_line:
                hits.append(Hit(def_line, column, end_line))
    return hits


def _segment_functions(ctx: FileContext, seg: Segment, max_lines: int) -> list[Extent]:
    """Every function of the segment with its extent, AST-checked near the threshold."""
    walked = _indent_functions(ctx, seg)
    floor, ceiling = max_lines - _VERIFY_MARGIN, max_lines + _VERIFY_MARGIN
    out: list[Extent] = []
    for extent in walked:
        def_line, end_line, column = extent
        if not floor < end_line - def_line + 1 <= ceiling:
            out.append(extent)
            continue
        end = _ast_end(ctx, def_line, end_line)
        if end is None:  # the function alone does not parse: let the whole segment decide
            whole = _ast_functions(ctx, seg)
            return walked if whole is None else whole
        out.append((def_line, end, column))
    return out


def _ast_end(ctx: FileContext, def_line: int, end_line: int) -> int | None:
    """The last line of the function at `def_line` by the AST, parsing only its own lines
    (up to the walk's `end_line`), or None when they do not parse as one function."""
    lines = [ctx.lines.get(no, "") for no in range(def_line, end_line + 1)]
    # A method or nested function is parsed as the body of `if 1:`, which keeps every line's
    # indentation (strings with lines at column 0 included) where a dedent could not.
    nested = indent_of(lines[0]) > 0
    source = ("if 1:\n" if nested else "") + "\n".join(lines)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    body = tree.body
    if nested and body and isinstance(body[0], ast.If):
        body = body[0].body
    if not body or not isinstance(body[0], ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    node = body[0]
    return (node.end_lineno or node.lineno) - node.lineno + def_line


def _ast_functions(ctx: FileContext, seg: Segment) -> list[Extent] | None:
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
    out: list[Extent] = []
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


def _indent_functions(ctx: FileContext, seg: Segment) -> list[Extent]:
    """Function extents by indentation: a function ends at its last code line before the next
    statement indented no deeper than its `def`; string and continuation lines never end one."""
    lexed: dict[int, PyLine] = lex_file(ctx)  # shared with the other Python rules
    lines = ctx.lines
    open_defs: list[tuple[int, int, int]] = []  # (indent, def line, column)
    last: dict[int, int] = {}
    out: list[Extent] = []
    for no in range(seg.start, seg.end + 1):
        info = lexed[no]
        if info.in_string or info.continued:
            for _, d, _c in open_defs:
                last[d] = no
            continue
        code = info.code
        if not code or code.isspace():
            continue
        ind = indent_of(lines.get(no, ""))
        while open_defs and ind <= open_defs[-1][0]:
            _, d, col = open_defs.pop()
            out.append((d, last[d], col))
        for _, d, _c in open_defs:
            last[d] = no
        if "def" in code and _DEF.match(code):
            open_defs.append((ind, no, ind + 1))
            last[no] = no
    for _, d, col in open_defs:
        out.append((d, last[d], col))
    out.sort()
    return out
