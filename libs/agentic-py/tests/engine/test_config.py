"""`.aura/rules.yaml`: packs, overrides, paths, team rules, and precise errors."""

from __future__ import annotations

import textwrap

import pytest
from aura_agentic.engine import ConfigError, active_rules, audit_diff, load_config, run_self_tests
from aura_agentic.engine.selftest import new_file_diff


def write_config(tmp_path, text: str):
    path = tmp_path / ".aura" / "rules.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def test_defaults_without_a_file(tmp_path):
    config = load_config(tmp_path)
    rules = {r.id: r for r in active_rules(config)}
    assert rules["python/debug-print"].enabled
    assert not rules["architecture/no-db-in-api"].enabled
    assert config.baseline_path == tmp_path / ".aura" / "baseline.json"


def test_packs_rules_paths_and_thresholds(tmp_path):
    write_config(
        tmp_path,
        """
        version: 1
        paths:
          exclude: ["vendor/**"]
        packs:
          js: false
          architecture: true
        rules:
          python/debug-print: error
          python/debugger:
            enabled: false
          python/long-function:
            max_lines: 3
            exclude: ["legacy/**"]
        """,
    )
    config = load_config(tmp_path)
    rules = {r.id: r for r in active_rules(config)}
    assert not rules["js/debugger"].enabled and rules["architecture/no-os-system"].enabled
    assert rules["python/debug-print"].severity == "error"
    text = "def f():\n    a = 1\n    b = 2\n    breakpoint()\n    print(a)\n"
    found = {
        (f.rule_id, f.severity)
        for f in audit_diff(new_file_diff("src/a.py", text), config).findings
    }
    assert found == {("python/debug-print", "error"), ("python/long-function", "warning")}
    assert audit_diff(new_file_diff("vendor/a.py", text), config).findings == []
    assert not any(
        f.rule_id == "python/long-function"
        for f in audit_diff(new_file_diff("legacy/a.py", text), config).findings
    )


def test_team_regex_and_architecture_rules(tmp_path):
    path = write_config(
        tmp_path,
        r"""
        team_rules:
          - id: team/no-todo-without-ticket
            pattern: 'TODO'
            unless: 'TODO\(\w+-\d+\)'
            message: TODO needs a ticket
            fix: Write TODO(ABC-123)
            languages: [python]
            include: ["src/**"]
            examples:
              positive: [{path: src/a.py, code: "# TODO fix\n"}]
              negative: [{path: src/a.py, code: "# TODO(ABC-1) fix\n"}]
          - id: architecture/no-dao-in-api
            kind: forbid-import
            modules: [sqlalchemy, "*dao*"]
            include: ["**/api/**"]
            message: API handlers must not touch the database
          - id: architecture/no-eval
            kind: forbid-call
            calls: [eval, "*.execute"]
            message: no eval or raw execute
            severity: error
        """,
    )
    config = load_config(config_path=path)
    assert all(r.ok for r in run_self_tests(config) if r.rule_id.startswith("team/"))
    d = new_file_diff(
        "svc/api/users.py",
        "from app.users.dao import Dao\nimport sqlalchemy.orm\n"
        "x = eval('1')\ncur.execute(q)\n# TODO later\n",
    )
    found = [(f.rule_id, f.line) for f in audit_diff(d, config).findings]
    assert found == [
        ("architecture/no-dao-in-api", 1),
        ("architecture/no-dao-in-api", 2),
        ("architecture/no-eval", 3),
        ("architecture/no-eval", 4),
    ]
    d = new_file_diff("src/lib/a.py", "# TODO later\n")
    assert [f.rule_id for f in audit_diff(d, config).findings] == ["team/no-todo-without-ticket"]


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("packs:\n  pythn: true\n", 2, "unknown pack 'pythn'"),
        ("rules:\n  python/debug-print:\n    severity: fatal\n", 3, "severity must be one of"),
        ("rules:\n  python/nope: false\n", 2, "unknown rule 'python/nope'"),
        ("rules:\n  python/long-function:\n    max_lines: many\n", 3, "positive integer"),
        ("rules:\n  python/long-function:\n    max_line: 3\n", 3, "unknown setting 'max_line'"),
        (
            "team_rules:\n  - id: team/x\n    pattern: '('\n    message: m\n",
            3,
            "invalid regular expression",
        ),
        ("team_rules:\n  - id: bad id\n    pattern: x\n    message: m\n", 2, "must look like"),
        (
            "team_rules:\n  - id: team/x\n    kind: forbid-import\n    message: m\n",
            2,
            "needs 'modules'",
        ),
        ("colour: red\n", 1, "unknown key 'colour'"),
        ("rules: [\n", 2, "invalid YAML"),
        ("packs:\n  python: maybe\n", 2, "must be true or false"),
    ],
)
def test_errors_name_file_line_and_problem(tmp_path, text, line, problem):
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    err = info.value
    assert err.path == path and err.line == line and problem in err.problem
    assert str(err) == f"{path}:{line}: {err.problem}"


def test_missing_explicit_config_file(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(config_path=tmp_path / "nope.yaml")
    assert info.value.line is None and str(info.value).startswith(str(tmp_path / "nope.yaml"))


def test_parse_config_validates_text_against_the_installed_rules():
    from aura_agentic.engine import parse_config

    config = parse_config("rules:\n  python/debug-print: error\n", "team.yaml")
    assert config.rules["python/debug-print"].severity == "error"
    with pytest.raises(ConfigError) as caught:
        parse_config("version: 1\nrules:\n  python/nope: error\n", "team.yaml")
    assert str(caught.value) == "team.yaml:3: unknown rule 'python/nope'"


def test_the_parser_only_knows_the_catalog_it_is_given(tmp_path):
    # The parser never reaches for the registry: a catalog of one pack and one rule is all
    # it accepts, which is what lets other sources (a team map) be parsed the same way.
    from aura_agentic.engine.config import RuleCatalog
    from aura_agentic.engine.config_parse import parse_config_text
    from aura_agentic.engine.registry import builtin_rules

    spec = next(r for r in builtin_rules() if r.id == "python/debug-print")
    catalog = RuleCatalog(packs=frozenset({"python"}), rules={spec.id: spec})
    config = parse_config_text("packs:\n  python: false\n", tmp_path / "r.yaml", catalog)
    assert config.packs == {"python": False}
    with pytest.raises(ConfigError, match="unknown pack 'js'"):
        parse_config_text("packs:\n  js: false\n", tmp_path / "r.yaml", catalog)
    with pytest.raises(ConfigError, match="unknown rule 'python/debugger'"):
        parse_config_text("rules:\n  python/debugger: false\n", tmp_path / "r.yaml", catalog)
