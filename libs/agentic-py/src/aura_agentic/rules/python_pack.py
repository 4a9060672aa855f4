"""The Python pack: `python/debug-print`, `python/debugger` and `python/long-function`.

Matchers look only at added lines, after a cheap substring prefilter, and then at the code
part of the line (strings, docstrings and comments blanked by `python_lex`), which is what
keeps them precise without per-line AST parsing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from aura_agentic.engine.context import FileContext
from aura_agentic.engine.model import Example, Hit, RuleSpec
from aura_agentic.rules.lazy_re import lazy_compile
from aura_agentic.rules.program_output import (
    PRINT_GUARDS,
    in_debugging_feature,
    in_output_function,
    prompts_for_input,
    python_cli_module,
)
from aura_agentic.rules.python_examples import (
    DEBUG_PRINT_NEGATIVE,
    DEBUG_PRINT_POSITIVE,
    DEBUGGER_NEGATIVE,
    DEBUGGER_POSITIVE,
    LONG_NEGATIVE,
    LONG_POSITIVE,
)
from aura_agentic.rules.python_lex import lex_file, main_block_lines
from aura_agentic.rules.python_long import long_function_hits

_PRINT_CALL = lazy_compile(r"(?<![\w.])(?:pprint\s*\.\s*)?p?print\s*\(")
_DEF_BEFORE = lazy_compile(r"(?:^|[^\w])def\s*$")
_VALUE_USE = lazy_compile(r"(?:[^=!<>]=|\breturn|\byield|\bassert|\()\s*$")
_DEF_REACH = 80  # how far before a match `def` is looked for (bounded: lines can be huge)
_DEBUGGER_CALL = lazy_compile(
    r"(?<![\w.])(?:"
    r"(?:pdb|ipdb|pudb|pdbpp|wdb|remote_pdb|rpdb|web_pdb)\s*\.\s*"
    r"(?:Pdb\s*\([^()]*\)\s*\.\s*)?(?:set_trace|post_mortem|pm)"
    r"|\w*Pdb\s*\([^()]*\)\s*\.\s*set_trace"
    r"|debugpy\s*\.\s*breakpoint"
    r"|set_trace|breakpoint"
    r")\s*\("
    r"|(?<![\w.])pu\s*\.\s*db\b"
)
_IMPORT_DEBUGGER = lazy_compile(
    r"""__import__\s*\(\s*(['"])(?:pdb|ipdb|pudb)\1\s*\)\s*\.\s*(?:set_trace|Pdb|post_mortem|pm)\b"""
)
_DEBUGGER_WORDS = ("set_trace", "breakpoint", "__import__", "pu.db", "post_mortem", ".pm")

# Directories and file names where printing is the point (DESIGN.md's policy table).
_PRINT_OK_DIRS = frozenset(
    {"tests", "test", "t", "testing", "smoke", "scripts", "tools", "docs", "examples", "benchmarks"}
)
_PRINT_OK_FILES = frozenset(
    {"cli.py", "__main__.py", "conftest.py", "setup.py", "manage.py", "noxfile.py"}
)


def print_allowed_path(path: str) -> bool:
    """True for paths where `print(` is expected: tests, scripts, tools, docs, CLIs …"""
    parts = path.split("/")
    name = parts[-1]
    if name in _PRINT_OK_FILES:
        return True
    if name.startswith(("test_", "example_", "demo_")) or name.endswith(
        ("_test.py", "_example.py")
    ):
        return True
    return any(p in _PRINT_OK_DIRS for p in parts[:-1])


def _code_hits(ctx: FileContext, words: Sequence[str], pattern: re.Pattern[str]) -> list[Hit]:
    """Matches of `pattern` in the code part of added lines that contain one of `words`."""
    candidates = ctx.added_with(*words)
    if not candidates:
        return []
    lexed = lex_file(ctx)
    hits: list[Hit] = []
    for no in candidates:
        info = lexed.get(no)
        if info is None or info.is_blank:
            continue
        if info.code.lstrip().startswith((">>>", "... ")):
            continue  # a doctest line only exists inside a docstring
        code = info.code
        for m in pattern.finditer(code):
            if _DEF_BEFORE.search(code, max(0, m.start() - _DEF_REACH), m.start()):
                continue  # `def print(self):` defines a method, it does not call print
            if _VALUE_USE.search(code, max(0, m.start() - _DEF_REACH), m.start()):
                continue  # `v = pprint(v)`: a function whose value is used is not print
            hits.append(Hit(no, m.start() + 1))
            break  # the engine reports one finding per rule and line
    return hits


def debug_print(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
    """`print(`/`pprint(` calls in production code, outside `__main__` blocks."""
    if print_allowed_path(ctx.path):
        return []
    hits = _code_hits(ctx, ("print",), _PRINT_CALL)
    if not hits or python_cli_module(ctx):
        return []
    in_main = main_block_lines(ctx, lex_file(ctx))
    return [
        h
        for h in hits
        if h.line not in in_main
        and not _to_stream(ctx, h)
        and not prompts_for_input(ctx, h.line)
        and not in_debugging_feature(ctx, h.line, PRINT_GUARDS)
        and not in_output_function(ctx, h.line)
    ]


_FILE_ARG = lazy_compile(r"\b(?:file|stream)\s*=")


def _to_stream(ctx: FileContext, hit: Hit) -> bool:
    """`print(msg, file=sys.stderr)` writes to a stream on purpose (like `console.error`)."""
    rest = ctx.lines.get(hit.line, "")[hit.column - 1 :]
    if _FILE_ARG.search(rest):
        return True
    return rest.rstrip().endswith(("(", ",")) and any(
        _FILE_ARG.search(ctx.lines.get(n, "")) for n in range(hit.line + 1, hit.line + 6)
    )


def debugger(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
    """Debugger entry points (`pdb.set_trace()`, `breakpoint()`, …) anywhere in code."""
    hits = [
        h
        for h in _code_hits(ctx, _DEBUGGER_WORDS, _DEBUGGER_CALL)
        if not in_debugging_feature(ctx, h.line)
    ]
    imports = ctx.added_with("__import__")
    lexed = lex_file(ctx) if imports else {}
    for no in imports:
        raw = ctx.lines.get(no, "")
        info = lexed.get(no)
        if info is None:
            continue
        for m in _IMPORT_DEBUGGER.finditer(raw):
            # The module name is inside quotes, so match the raw text but make sure
            # `__import__` itself is code, not part of a string or comment.
            if info.code[m.start() : m.start() + 10] == "__import__":
                hits.append(Hit(no, m.start() + 1))
    return hits


def long_function(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
    """Functions longer than `max_lines` that this change touches."""
    return long_function_hits(ctx, int(options.get("max_lines", 50)))


def _ex(items: Sequence[tuple[str, str]]) -> tuple[Example, ...]:
    return tuple(Example(path, text) for path, text in items)


RULES: list[RuleSpec] = [
    RuleSpec(
        id="python/debug-print",
        category="debug-print",
        severity="warning",
        message="print() left in production code",
        fix="Use the logging module (logger = logging.getLogger(__name__)) or remove it",
        lesson_id="python-debug-print",
        matcher=debug_print,
        pack="python",
        languages=("python",),
        positive=_ex(DEBUG_PRINT_POSITIVE),
        negative=_ex(DEBUG_PRINT_NEGATIVE),
    ),
    RuleSpec(
        id="python/debugger",
        category="debugger",
        severity="error",
        message="Debugger breakpoint left in code",
        fix="Remove the breakpoint before committing; use a conditional breakpoint in your IDE",
        lesson_id="debugger-statements",
        matcher=debugger,
        pack="python",
        languages=("python",),
        positive=_ex(DEBUGGER_POSITIVE),
        negative=_ex(DEBUGGER_NEGATIVE),
    ),
    RuleSpec(
        id="python/long-function",
        category="long-function",
        severity="warning",
        message="Function is longer than the allowed number of lines",
        fix="Split it into smaller functions that each do one thing",
        lesson_id="python-long-function",
        matcher=long_function,
        pack="python",
        languages=("python",),
        positive=_ex(LONG_POSITIVE),
        negative=_ex(LONG_NEGATIVE),
        options={"max_lines": 50},
    ),
]
