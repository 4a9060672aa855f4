"""User-written patterns (team regexes, globs, lesson error patterns, YAML) cannot stall or
crash the engine: catastrophic inputs finish, unsupported syntax is refused with its line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from aura_agentic.engine import ConfigError, audit_diff, load_config, run_self_tests
from aura_agentic.engine.globs import translate
from aura_agentic.engine.paths import glob_match
from aura_agentic.engine.safe_regex import UnsafePattern, compile_user_regex
from aura_agentic.engine.selftest import new_file_diff
from aura_agentic.lessons import LessonError, load_lesson_file

# A guard, not a timing assertion: a regression to backtracking would hang for hours.
GUARD_SECONDS = 120


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".aura" / "rules.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _run_isolated(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=GUARD_SECONDS,
        check=True,
    )
    return out.stdout.strip()


def test_catastrophic_team_pattern_audits_a_long_line(tmp_path: Path) -> None:
    rules = _config(
        tmp_path,
        """
        team_rules:
          - id: team/nested
            pattern: '(a+)+$'
            message: nested quantifier
          - id: team/alternation
            pattern: '^(a|aa|aaa)*b$'
            message: ambiguous alternation
        """,
    )
    code = textwrap.dedent(
        f"""
        from aura_agentic.engine import audit_diff, load_config
        from aura_agentic.engine.selftest import new_file_diff
        config = load_config(config_path={str(rules)!r})
        line = "a" * 50_000 + "!"
        report = audit_diff(new_file_diff("src/x.txt", (line + "\\n") * 20 + "aaab\\naaaa\\n"), config)
        print(sorted((f.rule_id, f.line) for f in report.findings))
        """
    )
    assert _run_isolated(code) == "[('team/alternation', 21), ('team/nested', 22)]"


def test_unsupported_syntax_is_refused_with_rule_and_line(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        r"""
        team_rules:
          - id: team/ok
            pattern: 'FIXME'
            message: ok
          - id: team/lookahead
            pattern: 'TODO(?!\(\w+\))'
            message: lookahead
        """,
    )
    with pytest.raises(ConfigError) as err:
        load_config(config_path=path)
    assert err.value.line == 7
    assert "team/lookahead" in err.value.problem
    assert "lookahead" in err.value.problem and "unless" in err.value.problem


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(\w+)=\1", "backreferences"),
        (r"(?<=self\.)x", "lookbehind"),
        (r"end\Z", r"\z"),
        (r"a{2000}", "1000"),
        ("x" * 2001, "2,000"[:1]),
    ],
)
def test_each_unsupported_construct_says_what_to_do(pattern: str, words: str) -> None:
    with pytest.raises(UnsafePattern) as err:
        compile_user_regex(pattern)
    assert words in str(err.value)


def test_unless_vetoes_lines_and_columns_count_characters(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        r"""
        team_rules:
          - id: team/todo
            pattern: 'TODO'
            unless: 'TODO\(\w+-\d+\)'
            message: TODO needs a ticket
            examples:
              positive: [{path: a.py, code: "# TODO later\n"}]
              negative: [{path: a.py, code: "# TODO(AB-1) later\n"}]
        """,
    )
    config = load_config(config_path=path)
    assert all(r.ok for r in run_self_tests(config) if r.rule_id == "team/todo")
    text = "# TODO(AB-12) ok\nx = 'é' # TODO fix\n\n# TODO\n"
    found = [(f.line, f.column) for f in audit_diff(new_file_diff("a.py", text), config).findings]
    assert found == [(2, 11), (4, 3)]


def test_matches_never_span_lines() -> None:
    regex = compile_user_regex(r"foo\s+bar")
    assert regex.first_per_line("foo\nbar\nfoo  bar") == [(2, 0)]
    assert compile_user_regex(r"^\s*$").first_per_line("a\n\n  \nb") == [(1, 0), (2, 0)]


def test_unless_applies_only_to_regex_rules(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        """
        team_rules:
          - id: team/calls
            kind: forbid-call
            calls: [eval]
            unless: x
            message: no eval
        """,
    )
    with pytest.raises(ConfigError, match="only applies to regex rules"):
        load_config(config_path=path)


def test_deeply_nested_yaml_is_a_config_error_not_a_crash(tmp_path: Path) -> None:
    path = _config(tmp_path, "rules: " + "[" * 600 + "]" * 600 + "\n")
    with pytest.raises(ConfigError) as err:
        load_config(config_path=path)
    assert err.value.line == 1 and "nesting deeper than 64" in err.value.problem


def test_lesson_front_matter_refuses_aliases_depth_and_unsafe_patterns(tmp_path: Path) -> None:
    base = "id: x\ntitle: T\nrules: []\nlanguages: []\nlevel: intro\ntags: []\n"
    cases = {
        "alias.md": base.replace("tags: []", "tags: &t [a]\nextra: *t"),
        "deep.md": base + "deep: " + "[" * 200 + "]" * 200 + "\n",
        "regex.md": base + "errors: ['(\\w+) is \\1']\n",
    }
    for name, front in cases.items():
        path = tmp_path / name
        path.write_text(f"---\n{front}---\nbody\n", encoding="utf-8")
        with pytest.raises(LessonError):
            load_lesson_file(path)


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("**/tests/**", "a/tests/b.py", True),
        ("**/tests/**", "tests/b.py", True),
        ("**/tests/**", "a/tests", False),
        ("src/**", "src/a/b.py", True),
        ("src/**/b.py", "src/b.py", True),
        ("src/**/b.py", "src/x/y/b.py", True),
        ("*.min.js", "web/app.min.js", True),
        ("a/*/c", "a/b/x/c", False),
        ("a/*b*c*/d", "a/xbyc/d", True),
        ("a?c", "abc", True),
        ("a**b", "a/x/b", False),  # `**` inside a segment is a `*`
        ("a**b", "axxb", True),
        ("[ab]", "[ab]", True),  # brackets are literal
    ],
)
def test_glob_semantics(glob: str, path: str, expected: bool) -> None:
    assert glob_match(path, glob) is expected


def test_adversarial_globs_stay_linear() -> None:
    # With a backtracking translation these take hours; here each is one short pass.
    deep = "/".join(["a"] * 3000)
    assert not glob_match(deep, "**/a/**/a/**/a/**/b")
    assert not glob_match("a" * 5000, "*a*a*a*a*a*a*a*b")
    assert "(?>" in translate("**/a/**/b")


def test_team_regex_rules_import_re2_only_when_configured(tmp_path: Path) -> None:
    code = (
        "import sys, aura_agentic.engine as e\n"
        "e.audit_diff('diff --git a/x.py b/x.py\\n--- a/x.py\\n+++ b/x.py\\n'\n"
        "             '@@ -0,0 +1 @@\\n+print(1)\\n')\n"
        "print('re2' in sys.modules)"
    )
    assert _run_isolated(code) == "False"
