"""Architecture rules: forbidden imports and calls in files matching a glob.

The matchers are shared by the built-in examples below (off by default) and by team rules
declared in `.aura/rules.yaml` (see `rules/team.py`).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from typing import Any

from aura_agentic.engine.context import FileContext
from aura_agentic.engine.model import Example, Hit, Matcher, RuleSpec
from aura_agentic.engine.paths import JS_FAMILY
from aura_agentic.rules.js_lex import lex_js
from aura_agentic.rules.lazy_re import lazy_compile
from aura_agentic.rules.python_lex import lex_file

_PY_IMPORT = lazy_compile(
    r"^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)"
)
_PY_FROM = lazy_compile(r"^\s*from\s+(\.*[\w.]*)\s+import\b")
_JS_IMPORT = lazy_compile(
    r"""(?:\bimport\s+(?:[^'";]*?\sfrom\s+)?|\bexport\s+[^'";]*?\sfrom\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)(['"])([^'"]+)\1"""
)


def code_lines(ctx: FileContext) -> dict[int, str]:
    """Code-only text of the file's known lines, for the languages we can lex."""
    if ctx.language == "python":
        return {no: info.code for no, info in lex_file(ctx).items()}
    if ctx.language in JS_FAMILY:
        return lex_js(ctx)
    return ctx.lines


def module_matches(module: str, pattern: str) -> bool:
    """Whether an imported module matches a forbidden-module pattern.

    A bare name (`sqlalchemy`, `dao`) matches any segment of the dotted or slashed module
    path; a dotted pattern (`app.db`) matches that prefix; globs (`*dao*`) are allowed.
    """
    sep = "/" if "/" in module else "."
    clean = module.lstrip(".")
    segments = [s for s in re.split(r"[./]", clean) if s and s != ".."]
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(clean, pattern) or any(
            fnmatch.fnmatchcase(s, pattern) for s in segments
        )
    if "." in pattern or "/" in pattern:
        want = pattern.replace(".", sep) if sep == "/" else pattern
        return clean == want or clean.startswith(want + sep)
    return pattern in segments


def _imports(ctx: FileContext, no: int, code: str) -> list[tuple[str, int]]:
    """(module, column) pairs imported on line `no`."""
    found: list[tuple[str, int]] = []
    if ctx.language == "python":
        for stmt_start, stmt in _statements(code):
            m = _PY_FROM.match(stmt)
            if m:
                found.append((m.group(1), stmt_start + m.start(1) + 1))
                continue
            m = _PY_IMPORT.match(stmt)
            if m:
                for part in m.group(1).split(","):
                    found.append((part.split()[0], stmt_start + m.start(1) + 1))
        return found
    raw = ctx.lines.get(no, "")
    for m in _JS_IMPORT.finditer(raw):
        if code[m.start() : m.start() + 3].strip():  # the keyword is code, not text
            found.append((m.group(2), m.start() + 1))
    return found


def _statements(code: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for part in code.split(";"):
        out.append((pos, part))
        pos += len(part) + 1
    return out


def forbid_imports(modules: tuple[str, ...]) -> Matcher:
    """A matcher reporting added lines that import any of `modules`."""

    def match(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
        candidates = ctx.added_with("import", "require")
        if not candidates:
            return []
        code = code_lines(ctx)
        hits: list[Hit] = []
        for no in candidates:
            for module, column in _imports(ctx, no, code.get(no, "")):
                if any(module_matches(module, p) for p in modules):
                    hits.append(Hit(no, column))
        return hits

    return match


def _call_regex(pattern: str) -> str:
    parts = pattern.split(".")
    body = r"\s*\.\s*".join(r"[\w$]+" if p == "*" else re.escape(p) for p in parts)
    lead = r"(?<![\w$])" if parts[0] == "*" else r"(?<![\w$.])"
    return lead + body + r"\s*\("


def forbid_calls(calls: tuple[str, ...]) -> Matcher:
    """A matcher reporting added lines that call any of `calls` (`os.system`, `*.execute`)."""
    regex = lazy_compile("|".join(f"(?:{_call_regex(c)})" for c in calls))
    words = tuple(c.split(".")[-1] for c in calls if c.split(".")[-1] != "*")

    def match(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
        candidates = ctx.added_with(*words) if words else list(ctx.added)
        if not candidates:
            return []
        code = code_lines(ctx)
        return [
            Hit(no, m.start() + 1) for no in candidates for m in regex.finditer(code.get(no, ""))
        ]

    return match


RULES: list[RuleSpec] = [
    RuleSpec(
        id="architecture/no-db-in-api",
        category="architecture",
        severity="error",
        message="HTTP handlers must not import the database layer directly",
        fix="Call a service function; keep queries in the repository (DAO) layer",
        lesson_id="architecture-layers",
        matcher=forbid_imports(("sqlalchemy", "sqlmodel", "*dao*", "repository", "repositories")),
        pack="architecture",
        languages=("python",),
        include=("**/api/**", "**/endpoints.py", "**/handlers/**"),
        exclude=("**/repository.py", "**/repositories/**", "**/dao/**", "**/db.py"),
        enabled_by_default=False,
        positive=(
            Example("app/api/users.py", "from sqlalchemy import select\n"),
            Example("app/users/endpoints.py", "from app.users.dao import UserDAO\n"),
            Example("app/api/items.py", "import sqlalchemy.orm as orm\n"),
        ),
        negative=(
            Example("app/api/users.py", "from app.users.service import get_user\n"),
            Example("app/users/repository.py", "from sqlalchemy import select\n"),
            Example("app/api/x.py", "# from sqlalchemy import select\nS = 'import sqlalchemy'\n"),
        ),
    ),
    RuleSpec(
        id="architecture/no-http-in-domain",
        category="architecture",
        severity="error",
        message="Domain code must not make HTTP calls",
        fix="Put the HTTP client behind an interface in the infrastructure layer",
        lesson_id="architecture-layers",
        matcher=forbid_imports(("requests", "httpx", "aiohttp", "urllib3", "axios", "node-fetch")),
        pack="architecture",
        include=("**/domain/**",),
        enabled_by_default=False,
        positive=(
            Example("src/domain/order.py", "import requests\n"),
            Example("src/domain/order.ts", "import axios from 'axios';\n"),
        ),
        negative=(
            Example("src/infra/client.py", "import requests\n"),
            Example("src/domain/order.py", "from src.domain.money import Money\n"),
        ),
    ),
    RuleSpec(
        id="architecture/no-os-system",
        category="architecture",
        severity="error",
        message="Shelling out through os.system/os.popen is not allowed",
        fix="Use subprocess.run([...], check=True) with an argument list",
        lesson_id="architecture-layers",
        matcher=forbid_calls(("os.system", "os.popen")),
        pack="architecture",
        languages=("python",),
        enabled_by_default=False,
        positive=(Example("src/app/run.py", "import os\nos.system('ls')\n"),),
        negative=(
            Example("src/app/run.py", "import subprocess\nsubprocess.run(['ls'], check=True)\n"),
            Example("src/app/doc.py", "# os.system('ls') is forbidden\n"),
        ),
    ),
]
