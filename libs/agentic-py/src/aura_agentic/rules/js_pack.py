"""The JavaScript/TypeScript pack: `js/debugger` and `js/console-log`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from aura_agentic.engine.context import FileContext
from aura_agentic.engine.model import Example, Hit, RuleSpec
from aura_agentic.engine.paths import JS_FAMILY
from aura_agentic.rules.js_lex import lex_js
from aura_agentic.rules.lazy_re import lazy_compile
from aura_agentic.rules.program_output import js_program_file

_DEBUGGER = lazy_compile(r"(?<![\w$.])debugger(?![\w$])(?!\s*\??\s*[:=(])")
_CONSOLE_LOG = lazy_compile(
    r"(?<![\w$.])(?:(?:window|globalThis|self|global)\s*\.\s*)?"
    r"console\s*\.\s*log(?:\s*\.\s*(?:apply|call|bind))?\s*\("
)
_JSX_TEXT = lazy_compile(r">\s*$")

# Tests and non-production folders, where console output is expected.
_TEST_DIRS = frozenset(
    {
        "test",
        "tests",
        "__tests__",
        "__mocks__",
        "e2e",
        "spec",
        "specs",
        "cypress",
        "playwright",
        "scripts",
        "tools",
        "docs",
        "examples",
        "benchmarks",
        "bin",
    }
)
_TEST_NAME = lazy_compile(r"\.(?:test|spec|e2e|cy)\.[cm]?[jt]sx?$|^(?:test|spec)s?\.[cm]?[jt]sx?$")


def is_js_test_or_tooling(path: str) -> bool:
    """True for JS/TS test files and tooling folders (`*.test.ts`, `__tests__/`, `e2e/` …)."""
    parts = path.split("/")
    return bool(_TEST_NAME.search(parts[-1])) or any(p in _TEST_DIRS for p in parts[:-1])


def _hits(
    ctx: FileContext,
    word: str,
    pattern: re.Pattern[str],
    keep: Callable[[str, re.Match[str]], bool] | None = None,
) -> list[Hit]:
    """The first match of `pattern` in the code of each added line holding `word` (the engine
    reports one finding per rule and line) that `keep(raw line, match)` accepts."""
    candidates = ctx.added_with(word)
    if not candidates:
        return []
    code = lex_js(ctx)
    hits: list[Hit] = []
    for no in candidates:
        raw = ctx.lines.get(no, "")
        for m in pattern.finditer(code.get(no, "")):
            if keep is None or keep(raw, m):
                hits.append(Hit(no, m.start() + 1))
                break
    return hits


def _statement(raw: str, m: re.Match[str]) -> bool:
    # JSX text such as `<code>debugger</code>` is markup, not a statement.
    return not (_JSX_TEXT.search(raw[: m.start()]) and raw[m.end() :].lstrip().startswith("<"))


def js_debugger(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
    """`debugger` statements in code (not comments, strings, templates, or identifiers);
    generated bundles are judged at their source."""
    hits = _hits(ctx, "debugger", _DEBUGGER, _statement)
    return [] if hits and _generated(ctx) else hits


def console_log(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
    """`console.log(` calls in non-test source files."""
    if is_js_test_or_tooling(ctx.path):
        return []
    # "console", not "log": every match contains it, and "log" is in logger, login, dialog …
    hits = _hits(ctx, "console", _CONSOLE_LOG)
    if not hits or js_program_file(ctx) or _generated(ctx):
        return []
    return [h for h in hits if not _prompts(ctx, h.line)]


# A message printed right before the program asks the user something is part of the dialogue.
_PROMPT = lazy_compile(r"(?<![\w$])(?:prompt|inquirer|readline|question|confirm)\w*\s*[.(]")


def _prompts(ctx: FileContext, line: int) -> bool:
    return any(_PROMPT.search(ctx.lines.get(n, "")) is not None for n in range(line, line + 7))


# Build output and minified bundles: nobody authored these lines, a source file did.
_BUILD_DIRS = frozenset({"dist", "build", "out", ".next", ".nuxt", ".output", "chunks"})
_MINIFIED = lazy_compile(
    r"(?:[.\-]|^)(?:min|bundle|umd|esm|cjs|cdn|prod|production)\.[cm]?js$|^cdn[A-Z]\w*\.[cm]?js$"
)


def _generated(ctx: FileContext) -> bool:
    parts = ctx.path.split("/")
    if any(p in _BUILD_DIRS for p in parts[:-1]) or _MINIFIED.search(parts[-1]):
        return True
    return any(len(ctx.lines.get(n, "")) > 2000 for n in ctx.added[:50])


def _ex(*items: tuple[str, str]) -> tuple[Example, ...]:
    return tuple(Example(p, t) for p, t in items)


RULES: list[RuleSpec] = [
    RuleSpec(
        id="js/debugger",
        category="debugger",
        severity="error",
        message="debugger statement left in code",
        fix="Remove it; set a breakpoint in your editor or browser devtools instead",
        lesson_id="debugger-statements",
        matcher=js_debugger,
        pack="js",
        languages=JS_FAMILY,
        positive=_ex(
            ("src/app.js", "function f() {\n  debugger;\n  return 1;\n}\n"),
            ("src/app.ts", "const f = () => { debugger }\n"),
            ("src/__tests__/a.test.tsx", "it('x', () => {\n  debugger\n})\n"),
            ("src/b.mjs", "if (x) debugger;\n"),
            ("src/Form.svelte", "<script>\n  function save() {\n    debugger;\n  }\n</script>\n"),
        ),
        negative=_ex(
            ("src/a.js", "// debugger;\n/* debugger */\nconst s = 'debugger';\n"),
            ("src/b.ts", "const t = `debugger ${x}`;\nconst debuggerEnabled = true;\n"),
            ("src/c.ts", "const o = { debugger: true };\nobj.debugger = 1;\n"),
            ("src/d.js", 'const msg = "stop at debugger";\nuseDebugger();\n'),
            ("src/e.tsx", "const A = () => <code>debugger</code>;\n"),
            ("src/f.py", "debugger = 1\n"),
            ("src/g.js", "/*\n debugger;\n*/\nx = 1;\n"),
            ("src/Help.vue", "<template>\n  <p>Type debugger; to pause</p>\n</template>\n"),
            ("src/Dbg.svelte", "<style>\n  .debugger { color: red }\n</style>\n<p>x</p>\n"),
        ),
    ),
    RuleSpec(
        id="js/console-log",
        category="debug-print",
        severity="warning",
        message="console.log left in production code",
        fix="Use the project's logger, or remove the call before committing",
        lesson_id="js-console-log",
        matcher=console_log,
        pack="js",
        languages=JS_FAMILY,
        positive=_ex(
            ("src/app.js", "export function f(x) {\n  console.log(x);\n}\n"),
            ("src/components/Button.tsx", "const B = () => { console.log('render'); };\n"),
            ("lib/util.ts", "window.console.log('x')\n"),
            ("lib/wrap.js", "const log = (...a) => console.log.apply(console, a);\n"),
            (
                "src/components/Hello.vue",
                "<template>\n  <p>{{ msg }}</p>\n</template>\n"
                '<script setup lang="ts">\nconst msg = "hi"\nconsole.log(msg)\n</script>\n',
            ),
            ("src/App.svelte", "<script>console.log('mounted')</script>\n<h1>Hi</h1>\n"),
        ),
        negative=_ex(
            ("src/app.test.js", "console.log('x');\n"),
            ("src/app.spec.ts", "console.log('x');\n"),
            ("src/__tests__/a.js", "console.log('x');\n"),
            ("tests/a.js", "console.log('x');\n"),
            ("e2e/login.ts", "console.log('x');\n"),
            ("src/b.js", "// console.log(x)\nconst s = 'console.log(x)';\nconsole.error(e);\n"),
            ("src/c.js", "logger.log('x');\nmyconsole.log(1);\nconst t = `console.log(${a})`;\n"),
            ("src/d.py", "console.log(1)\n"),
            ("src/Doc.vue", "<template>\n  <code>console.log(x)</code>\n</template>\n"),
            ("src/Doc.svelte", "<!-- console.log(x) -->\n<p>console.log(x) prints</p>\n"),
        ),
    ),
]
