"""Every built-in rule on its own examples, plus cases only a real diff can show."""

from __future__ import annotations

import pytest
from aura_agentic.engine import EngineConfig, audit_diff, run_self_tests
from aura_agentic.engine.registry import builtin_rules, resolve_rules
from aura_agentic.engine.selftest import findings_for_example, new_file_diff

ALL_ON = EngineConfig(packs={"architecture": True})
ACTIVE = {r.spec.id: r for r in resolve_rules(ALL_ON)}
CASES = [
    (spec.id, kind, ex)
    for spec in builtin_rules()
    for kind, examples in (("positive", spec.positive), ("negative", spec.negative))
    for ex in examples
]


def test_every_builtin_rule_has_both_kinds_of_examples():
    for spec in builtin_rules():
        assert spec.positive and spec.negative, spec.id
        assert spec.lesson_id, spec.id


@pytest.mark.parametrize(
    ("rule_id", "kind", "example"), CASES, ids=lambda v: str(getattr(v, "path", v))
)
def test_rule_examples(rule_id, kind, example):
    hits = findings_for_example(ACTIVE[rule_id], example.path, example.text)
    if kind == "positive":
        assert hits, f"{rule_id} should flag {example.path}:\n{example.text}"
    else:
        assert not hits, f"{rule_id} should not flag {example.path}: {hits}"


def test_run_self_tests_all_pass():
    results = run_self_tests(ALL_ON)
    assert results and all(r.ok for r in results), [r for r in results if not r.ok]


def hunk(path: str, start: int, lines: list[str], header: str = "") -> str:
    """A modification hunk; lines start with '+' or ' '."""
    new_len = len(lines)
    old_len = sum(1 for line in lines if line.startswith(" "))
    return (
        f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n"
        f"@@ -{start},{old_len} +{start},{new_len} @@ {header}\n" + "\n".join(lines) + "\n"
    )


def ids(diff: str, **kw) -> list[tuple[str, int]]:
    return [(f.rule_id, f.line) for f in audit_diff(diff, **kw).findings]


def test_print_inside_main_block_known_only_from_hunk_header():
    diff = hunk(
        "src/app/run.py",
        40,
        ["     args = parse()", "+    print(args)"],
        'if __name__ == "__main__":',
    )
    assert ids(diff) == []
    diff = hunk("src/app/run.py", 40, ["     args = parse()", "+    print(args)"], "def main():")
    assert ids(diff) == [("python/debug-print", 41)]


def test_main_block_ends_at_dedent():
    text = "if __name__ == '__main__':\n    print(1)\nprint(2)\n"
    assert ids(new_file_diff("src/app/m.py", text)) == [("python/debug-print", 3)]


def test_multiline_string_spanning_added_lines():
    text = 'QUERY = """\nprint(x)\n"""\nprint(y)\n'
    assert ids(new_file_diff("src/app/q.py", text)) == [("python/debug-print", 4)]


def test_context_only_lines_are_not_audited():
    diff = hunk("src/app/a.py", 1, [" print(1)", " breakpoint()", "+x = 1"])
    assert ids(diff) == []


def test_long_function_reported_on_def_line_with_threshold():
    body = "".join(f"    v{i} = {i}\n" for i in range(60))
    text = f"@decorator\ndef big():\n{body}    return 1\n"
    report = audit_diff(new_file_diff("src/app/big.py", text))
    (finding,) = report.findings
    assert (finding.rule_id, finding.line, finding.end_line) == ("python/long-function", 2, 63)
    from aura_agentic.engine.config import RuleOverride

    relaxed = EngineConfig(rules={"python/long-function": RuleOverride(options={"max_lines": 70})})
    assert audit_diff(new_file_diff("src/app/big.py", text), relaxed).findings == []


def test_long_function_indentation_fallback_for_hunks_that_do_not_parse():
    lines = [
        "     def method(self):",
        '         """Doc',
        "",
        " text at column zero",
        '         """',
    ]
    lines += ["+        a = call(", "+1,", "+        )"]
    lines += [f"+        b{i} = {i}" for i in range(50)]
    lines += ["     def other(self):", "         return 1"]
    diff = hunk("src/app/cls.py", 10, lines, "class Thing:")
    assert ids(diff) == [("python/long-function", 10)]


def test_long_function_untouched_by_diff_is_not_reported():
    body = [f" x{i} = {i}" for i in range(5)]
    text = ["     def f():"] + [f"     {b}" for b in body] + ["+y = 1"]
    assert ids(hunk("src/app/x.py", 1, text)) == []


def test_repo_root_reads_whole_file(git_repo):
    git_repo.write(
        "src/app/run.py", "import sys\n\n\nif __name__ == '__main__':\n" + "    x = 1\n" * 20
    )
    git_repo.commit()
    git_repo.write(
        "src/app/run.py",
        "import sys\n\n\nif __name__ == '__main__':\n" + "    x = 1\n" * 20 + "    print(x)\n",
    )
    diff = git_repo.git("diff")
    assert ids(diff.decode(), repo_root=git_repo.root) == []


def test_js_rules_on_real_shapes():
    text = "const re = /'/;\nconst s = 'it\\'s';\ndebugger;\nconsole.log(`a ${b}`);\n"
    assert ids(new_file_diff("src/ui/a.ts", text)) == [("js/debugger", 3), ("js/console-log", 4)]
    tpl = "const t = `\ndebugger;\nconsole.log(1)\n`;\n"
    assert ids(new_file_diff("src/ui/b.js", tpl)) == []
    expr = "const t = `${console.log(1)}`;\n"
    assert ids(new_file_diff("src/ui/c.js", expr)) == [("js/console-log", 1)]


def test_hunk_starting_inside_a_docstring():
    lines = [
        "     Returns the total.",
        "",
        "+    Example: print(total(x))",
        '     """',
        "     return 1",
    ]
    assert ids(hunk("src/app/t.py", 20, lines, "def total(items):")) == []
    doctest = ["     Example:", "+        >>> print(total([1]))", "+        1"]
    assert ids(hunk("src/app/t.py", 20, doctest, "def total(items):")) == []
    code = ["     x = 1", '     s = """', "+print(1)"]
    assert ids(hunk("src/app/t.py", 20, code)) == []
    after = ['     s = """a"""', "+print(1)"]
    assert ids(hunk("src/app/t.py", 20, after)) == [("python/debug-print", 21)]


def test_component_hunks_know_whether_they_are_in_the_script_block():
    # a hunk in the middle of a long <script> shows no tag: it is script
    diff = hunk("src/Cart.vue", 40, ["   const total = sum(items)", "+  console.log(total)"])
    assert ids(diff) == [("js/console-log", 41)]
    # a hunk that shows the script closing started inside it; the template after is markup
    lines = ["+  debugger", " </script>", " <template>", "+  <p>debugger</p>", " </template>"]
    assert ids(hunk("src/Cart.vue", 10, lines)) == [("js/debugger", 10)]
    # a hunk that shows the script opening started outside it
    lines = ["+<p>console.log(x)</p>", " <script>", "+console.log(x)", " </script>"]
    assert ids(hunk("src/Cart.svelte", 3, lines)) == [("js/console-log", 5)]


def test_component_script_tags_sharing_a_line_with_code():
    text = '<div>{x}</div><script lang="ts">debugger; console.log(1)</script><p>debugger</p>\n'
    assert ids(new_file_diff("src/Inline.svelte", text)) == [
        ("js/debugger", 1),
        ("js/console-log", 1),
    ]


def test_one_finding_per_rule_and_line_even_on_minified_code():
    text = "print(a); print(b); " * 2_000 + "\n" + "console.log(x);" * 3 + "\n"
    report = audit_diff(new_file_diff("src/app/gen.py", text))
    assert [(f.rule_id, f.line, f.column) for f in report.findings] == [
        ("python/debug-print", 1, 1)
    ]
    js = "const a = 1; console.log(a); debugger; " * 40 + "\n"
    report = audit_diff(new_file_diff("src/app.js", js))
    assert [(f.rule_id, f.line, f.column) for f in report.findings] == [
        ("js/console-log", 1, 14),
        ("js/debugger", 1, 30),
    ]
    # a minified bundle is generated: its calls and statements were written in a source file
    report = audit_diff(new_file_diff("dist/app.js", js.strip() * 80 + "\n"))
    assert report.findings == []
