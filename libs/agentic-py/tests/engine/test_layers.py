"""Layered configuration (built-ins < team map < repository) and its YAML-free plain form."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from aura_agentic.engine import EngineConfig, audit_diff, parse_config
from aura_agentic.engine.config_plain import from_plain, to_plain
from aura_agentic.engine.exercised import audited_paths, rules_exercised
from aura_agentic.engine.layers import TeamLayer, load_layered, merge_layers, parse_repository
from aura_agentic.engine.registry import resolve_rules
from aura_agentic.engine.selftest import new_file_diff

DOCS = Path(__file__).resolve().parents[4] / "docs" / "guides" / "rules-yaml.md"

TEAM = """\
version: 1
fail_on: error
packs:
  architecture: true
rules:
  python/long-function: {severity: error, max_lines: 30}
  js/console-log: false
team_rules:
  - id: acme/no-print-password
    pattern: 'print\\(.*password'
    message: Never print a password
    severity: warning
    examples:
      positive: [{path: a.py, code: "print(password)\\n"}]
"""


def _view(config: EngineConfig) -> list[tuple[Any, ...]]:
    return [
        (r.spec.id, r.enabled, r.severity, r.include, r.exclude, dict(r.options), r.spec.message)
        for r in resolve_rules(config)
    ]


def _docs_examples() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOCS.read_text(), flags=re.S)


@pytest.mark.parametrize("text", [TEAM, *_docs_examples()])
def test_plain_form_rebuilds_exactly_what_the_parser_built(text: str) -> None:
    parsed, plain = to_plain(text, "map.yaml")
    rebuilt = from_plain(json.loads(json.dumps(plain)), "map.yaml")
    assert _view(rebuilt) == _view(parsed)
    assert (rebuilt.include, rebuilt.exclude, rebuilt.fail_on) == (
        parsed.include,
        parsed.exclude,
        parsed.fail_on,
    )
    positive = [(e.path, e.text) for s in rebuilt.team_rules for e in s.positive]
    assert positive == [(e.path, e.text) for s in parsed.team_rules for e in s.positive]


def test_damaged_plain_data_is_a_config_error() -> None:
    from aura_agentic.engine import ConfigError

    _, plain = to_plain(TEAM, "map.yaml")
    del plain["rules"]
    with pytest.raises(ConfigError, match="damaged"):
        from_plain(plain, "map.yaml")


def _team(text: str = TEAM, version: int = 4) -> TeamLayer:
    return TeamLayer(parse_config(text, "team.yaml"), version)


def _repo(text: str, team: TeamLayer) -> EngineConfig:
    return parse_repository(text, Path("rules.yaml"), team)


def _rules(text: str, team: TeamLayer | None = None) -> dict[str, Any]:
    team = team or _team()
    merged = merge_layers(team, _repo(text, team) if text else EngineConfig())
    return {r.spec.id: r for r in resolve_rules(merged.config)}


def test_team_map_applies_over_built_ins() -> None:
    rules = _rules("")
    assert rules["python/long-function"].severity == "error"
    assert rules["python/long-function"].options["max_lines"] == 30
    assert not rules["js/console-log"].enabled
    assert rules["acme/no-print-password"].enabled


def test_repository_tightens_team_rules_and_tunes_free_ones() -> None:
    team = _team()
    repo = load_layered(None, None, team)
    assert repo.team_version == 4
    text = "version: 1\nrules:\n  acme/no-print-password: error\n  python/debug-print: info\n"
    rules = _rules(text, team)
    assert rules["acme/no-print-password"].severity == "error"
    assert rules["python/debug-print"].severity == "info"  # not governed by the map


@pytest.mark.parametrize(
    "text",
    [
        "rules:\n  acme/no-print-password: false\n",
        "rules:\n  python/long-function: warning\n",
        "rules:\n  python/long-function: {max_lines: 90}\n",
        "rules:\n  acme/no-print-password: {exclude: ['src/**']}\n",
        "packs:\n  team: false\n",
        "packs:\n  architecture: false\n",
    ],
)
def test_repository_cannot_loosen_what_the_map_governs(text: str) -> None:
    team = _team()
    before = {r.spec.id: r for r in resolve_rules(team.config)}
    merged = merge_layers(team, _repo("version: 1\n" + text, team))
    after = {r.spec.id: r for r in resolve_rules(merged.config)}
    governed = [rid for rid, r in before.items() if r.enabled and rid in merged.origins]
    governed += [rid for rid, r in before.items() if r.spec.pack == "architecture" and r.enabled]
    for rid in governed:
        assert after[rid].enabled, rid
        assert after[rid].severity == before[rid].severity, rid
        assert after[rid].exclude == before[rid].exclude, rid
        assert dict(after[rid].options) == dict(before[rid].options), rid
    assert merged.notes and all("does not let repositories loosen" in n for n in merged.notes)


def test_may_loosen_lets_the_repository_win() -> None:
    team = _team(TEAM + "repositories:\n  may_loosen: true\n")
    rules = _rules("version: 1\nrules:\n  acme/no-print-password: false\n", team)
    assert not rules["acme/no-print-password"].enabled


def test_global_excludes_skip_governed_rules_only() -> None:
    team = _team()
    merged = merge_layers(team, _repo("paths:\n  exclude: ['vendor/**']\n", team))
    diff = new_file_diff("vendor/lib.py", 'print(password)\nprint("x")\n')
    found = {f.rule_id for f in audit_diff(diff, merged.config).findings}
    assert "acme/no-print-password" in found  # the map's rule still sees vendor/
    assert "python/debug-print" not in found  # a free rule honours the repository's exclude


def test_fail_on_and_redeclared_team_rules() -> None:
    team = _team()
    repo = _repo(
        "fail_on: never\nteam_rules:\n  - id: acme/no-print-password\n    pattern: nothing\n"
        "    message: mine\n",
        team,
    )
    merged = merge_layers(team, repo)
    assert merged.config.fail_on == "error"
    [spec] = [s for s in merged.config.team_rules if s.id == "acme/no-print-password"]
    assert spec.message == "Never print a password"


def test_repository_file_may_name_the_maps_rules(tmp_path: Path) -> None:
    (tmp_path / ".aura").mkdir()
    (tmp_path / ".aura" / "rules.yaml").write_text(
        "version: 1\nrules:\n  acme/no-print-password: error\n"
    )
    layered = load_layered(tmp_path, None, _team())
    assert layered.origins["acme/no-print-password"] == "team+repository"
    assert layered.config.baseline_path == tmp_path / ".aura" / "baseline.json"


def test_rules_exercised_are_the_rules_that_looked_at_the_files() -> None:
    config = EngineConfig()
    diff = new_file_diff("src/app.py", "x = 1\n") + new_file_diff("web/app.js", "let x = 1\n")
    paths = audited_paths(diff, config)
    assert paths == ["src/app.py", "web/app.js"]
    python_only = rules_exercised(config, ["src/app.py"])
    assert "python/debug-print" in python_only and "js/console-log" not in python_only
    assert "js/console-log" in rules_exercised(config, paths)
    assert rules_exercised(config, []) == []


def test_pack_options_survive_layers_and_the_plain_form():
    team = TeamLayer(parse_config("packs:\n  secrets:\n    fixture_severity: error\n"), 3)
    # a repository may not lower the team's severity for fixtures without may_loosen
    repo = parse_repository(
        "packs:\n  secrets:\n    fixture_severity: info\n", Path("r.yaml"), team
    )
    assert merge_layers(team, repo).config.pack_options == {
        "secrets": {"fixture_severity": "error"}
    }
    loose = TeamLayer(
        parse_config(
            "packs:\n  secrets:\n    fixture_severity: error\nrepositories: {may_loosen: true}\n"
        ),
        3,
    )
    merged = merge_layers(loose, repo).config
    assert merged.pack_options == {"secrets": {"fixture_severity": "info"}}
    config, plain = to_plain("packs:\n  secrets:\n    fixture_severity: info\n", "t.yaml")
    assert from_plain(json.loads(json.dumps(plain)), "t.yaml").pack_options == config.pack_options
