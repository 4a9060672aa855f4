"""Where printing is a program's output rather than a leftover: command-line programs.

`python/debug-print` and `js/console-log` ask this module before reporting. Output of a CLI is
its job; a print in library or service code is a leftover. What counts as a CLI:

- Python: a module that builds a command line (imports Click, Typer, argparse, optparse,
  docopt or Fire, reads `sys.argv`, calls `sys.exit`, or starts with a `#!` line), a module named
  by the repository's entry points (`[project.scripts]`, Poetry scripts, `console_scripts` in
  `setup.cfg`/`setup.py`), Django management code and database migrations, and, in any module,
  functions whose job is output (`main`, `print_*`, `dump*`, `pretty*`, `usage`; methods
  `report`/`show`/`display`/`describe` of an object), prints to a stream (`file=`), or
  that are decorated as Click/Typer commands, groups or callbacks.
- JavaScript: files under `bin/`, files named by `package.json` `bin` or run by its `scripts`,
  Node build and tool configuration (`*.config.js`, `Gruntfile.js`, `gulpfile.js`), and the
  sinks of a logger (a file or folder named `log`, `logger`, `logging`, `console`).

The repository's manifests are read once per process and root (they are small), and only when
a print was found, so an audit without prints never opens them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from aura_agentic.engine.context import FileContext
from aura_agentic.rules.lazy_re import lazy_compile

_PY_CLI_WORDS = (
    "import click",
    "from click",
    "import typer",
    "from typer",
    "argparse",
    "optparse",
    "docopt",
    "import fire",
    "from fire",
    "sys.argv",
    "sys.exit(",
)
_PY_CLI_DIRS = frozenset({"bin", "cli", "management", "migrations", "versions", "commands"})
_PY_CLI_STEMS = frozenset({"management", "manage", "cli", "console", "shell", "repl", "__main__"})
_OUTPUT_DEF = lazy_compile(
    r"^\s*(?:async\s+)?def\s+_*(?P<name>main|cli|run_cli|usage|print_?help|p?print\w*|dump\w*|"
    r"pretty\w*|echo\w*|test\w*|demo\w*)\s*\("
)
_ANY_DEF = lazy_compile(r"^(?P<ind>\s*)(?:async\s+)?def\s+\w+\s*\(")
# methods whose job is to show the object: `def dump(self)`, `def report(self, out)`
_OUTPUT_METHOD = lazy_compile(
    r"^\s*(?:async\s+)?def\s+_*(?:report|show|display|dump|pprint|print|describe)\w*\s*"
    r"\(\s*(?:self|cls)\b"
)
_CLI_DECORATOR = lazy_compile(
    r"^\s*@\s*(?:[\w.]*\.)?(?:command|group|callback|result_callback)\b|^\s*@\s*(?:click|typer)\."
)
_DEF_REACH = 400  # how far up the enclosing `def` is looked for
_ENTRY = lazy_compile(r"[\w.\-]+\s*=\s*[\"']?(?P<mod>[A-Za-z_][\w.]*)\s*:\s*[\w.]+")

_JS_CONFIG = lazy_compile(
    r"(?:^|/)(?:[\w.\-]+\.config|\.[\w\-]+rc|gruntfile|gulpfile|jakefile)\.[cm]?[jt]s$",
    re.IGNORECASE,
)
_WORD = lazy_compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_LOG_WORDS = frozenset({"log", "logs", "logger", "logging", "console"})
_SCRIPT_FILE = lazy_compile(r"(?:^|[\s\"'=])((?:\./)?[\w@./\-]+\.[cm]?[jt]s)(?=$|[\s\"';&|])")


def python_cli_module(ctx: FileContext) -> bool:
    """Whether the whole module is a command-line program (see the module docstring)."""
    parts = ctx.path.split("/")
    if any(p in _PY_CLI_DIRS for p in parts[:-1]) or parts[-1][:-3] in _PY_CLI_STEMS:
        return True
    if ctx.lines.get(1, "").startswith("#!"):
        return True
    if any(ctx.any_line_has(word) for word in _PY_CLI_WORDS):
        return True
    root = ctx.repo_root
    return root is not None and ctx.path in python_entry_modules(str(root))


def in_output_function(ctx: FileContext, line: int) -> bool:
    """Whether `line` sits in a function whose job is output, or a Click/Typer command."""
    text = ctx.lines.get(line, "")
    indent = len(text) - len(text.lstrip())
    for number in range(line - 1, max(0, line - _DEF_REACH), -1):
        above = ctx.lines.get(number)
        if above is None:
            return False  # a gap in the hunk: the enclosing def is not known
        found = _ANY_DEF.match(above)
        if found is None or len(found.group("ind")) >= indent:
            continue
        if _OUTPUT_DEF.match(above) or _OUTPUT_METHOD.match(above):
            return True
        probe = number - 1
        while ctx.lines.get(probe, "").lstrip().startswith("@"):
            if _CLI_DECORATOR.match(ctx.lines[probe]):
                return True
            probe -= 1
        indent = len(found.group("ind"))  # an inner def: its parent may still be a command
        if indent == 0:
            return False
    return False


_INPUT = lazy_compile(r"(?<![\w.])(?:input|getpass\.getpass|getpass)\s*\(")
_DEBUG_WORDS = lazy_compile(r"debug|pdb|rdb|post_mortem", re.IGNORECASE)
# a print under `if DEBUG:` / `if self.verbose:` / `if C_REMDEBUG:` is the feature it guards
PRINT_GUARDS = lazy_compile(r"debug|verbose|trace|bench|profil", re.IGNORECASE)
_SCOPE_WORDS = ("def ", "class ", "if ", "elif ", "async ")
_SCOPE = lazy_compile(r"^(?P<ind>\s*)(?:(?:async\s+)?def|class|if|elif)\b(?P<head>[^\n]*)")


def prompts_for_input(ctx: FileContext, line: int) -> bool:
    """Whether the print is a prompt: the user is asked for input within the next lines."""
    return any(_INPUT.search(ctx.lines.get(n, "")) is not None for n in range(line, line + 7))


def in_debugging_feature(ctx: FileContext, line: int, words: re.Pattern[str] | None = None) -> bool:
    """Whether a debugger call is a feature, not a forgotten breakpoint: the enclosing
    function or class is about debugging (`def debug(self, error)`, `class PdbHandler`,
    `def install_rdb_handler`), or a condition above it asks for one (`if options.pdb:`)."""
    text = ctx.lines.get(line, "")
    indent = len(text) - len(text.lstrip())
    for number in range(line - 1, max(0, line - _DEF_REACH), -1):
        above = ctx.lines.get(number)
        if above is None:
            return False
        if not above.lstrip().startswith(_SCOPE_WORDS):
            continue
        scope = _SCOPE.match(above)
        if scope is None or len(scope.group("ind")) >= indent or not above.strip():
            continue
        if (words or _DEBUG_WORDS).search(scope.group("head")) is not None:
            return True
        indent = len(scope.group("ind"))
        if indent == 0:
            return False
    return False


@lru_cache(maxsize=8)
def python_entry_modules(root: str) -> frozenset[str]:
    """Repository paths of the modules named by the project's script entry points."""
    base = Path(root)
    modules: set[str] = set()
    for name in ("pyproject.toml", "setup.cfg", "setup.py"):
        text = _read(base / name)
        if text:
            modules |= _entry_modules(name, text)
    paths: set[str] = set()
    for module in modules:
        rel = module.replace(".", "/")
        for prefix in ("", "src/"):
            paths.add(f"{prefix}{rel}.py")
            paths.add(f"{prefix}{rel}/__init__.py")
            paths.add(f"{prefix}{rel}/__main__.py")
    return frozenset(paths)


def _entry_modules(name: str, text: str) -> set[str]:
    if name == "pyproject.toml":
        try:
            import tomllib

            data = tomllib.loads(text)
        except (ValueError, ImportError):
            return set()
        tables = [
            data.get("project", {}).get("scripts", {}),
            data.get("project", {}).get("gui-scripts", {}),
            data.get("tool", {}).get("poetry", {}).get("scripts", {}),
        ]
        found: set[str] = set()
        for table in tables:
            for target in table.values() if isinstance(table, dict) else ():
                spec = target if isinstance(target, str) else str(target.get("reference", ""))
                found.add(spec.split(":")[0].strip())
        return {m for m in found if m}
    # setup.cfg `[options.entry_points] console_scripts =` and setup.py `entry_points={…}`
    at = text.find("console_scripts")
    if at < 0:
        return set()
    return {m.group("mod") for m in _ENTRY.finditer(text, at, at + 4000)}


def _read(path: Path) -> str:
    try:
        if path.is_file() and path.stat().st_size < 1_000_000:
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    return ""


def js_program_file(ctx: FileContext) -> bool:
    """Whether a JS/TS file is a program or tool whose console output is its job."""
    path = ctx.path
    if _JS_CONFIG.search(path) is not None:
        return True
    parts = path.split("/")
    stem = parts[-1].split(".")[0]
    words = {w.lower() for part in [*parts[:-1], stem] for w in _WORD.findall(part)}
    if words & _LOG_WORDS or "cli" in {w.lower() for w in _WORD.findall(stem)}:
        return True  # a logger's sink; `legacy-cli.mjs`, `cli.ts`
    if ctx.lines.get(1, "").startswith("#!"):
        return True
    root = ctx.repo_root
    return root is not None and path in package_scripts(str(root), "/".join(parts[:-1]))


@lru_cache(maxsize=64)
def package_scripts(root: str, folder: str) -> frozenset[str]:
    """Repository paths of the files that the nearest `package.json` (from `folder` up to the
    root) names in `bin` or runs from `scripts`."""
    parts = folder.split("/") if folder else []
    for depth in range(len(parts), -1, -1):
        here = "/".join(parts[:depth])
        text = _read(Path(root, here, "package.json"))
        if text:
            return frozenset(_manifest_files(here, text))
    return frozenset()


def _manifest_files(folder: str, text: str) -> set[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return set()
    if not isinstance(data, dict):
        return set()
    targets: list[str] = []
    bin_field = data.get("bin")
    if isinstance(bin_field, str):
        targets.append(bin_field)
    elif isinstance(bin_field, dict):
        targets += [v for v in bin_field.values() if isinstance(v, str)]
    scripts = data.get("scripts")
    if isinstance(scripts, dict):
        for command in scripts.values():
            if isinstance(command, str):
                targets += [m.group(1) for m in _SCRIPT_FILE.finditer(command)]
    prefix = f"{folder}/" if folder else ""
    return {prefix + t.removeprefix("./") for t in targets}
