"""Validate the YAML node tree of `.aura/rules.yaml` into a plain `EngineConfig`.

Working on nodes (from `yaml.compose`) rather than loaded dicts is what lets every error
carry the line it is about. The rules and packs a file may name come in as a `RuleCatalog`
argument: this module never imports the registry (see `config.py` for the layering).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

from aura_agentic.engine import safe_regex, safe_yaml
from aura_agentic.engine.config import ConfigError, EngineConfig, RuleCatalog, RuleOverride
from aura_agentic.engine.model import SEVERITIES, Example, Severity

_TOP_KEYS = {
    "version",
    "fail_on",
    "baseline",
    "paths",
    "packs",
    "rules",
    "team_rules",
    "repositories",
}
_OVERRIDE_KEYS = {"enabled", "severity", "include", "exclude"}
_TEAM_KEYS = {
    "id",
    "kind",
    "message",
    "fix",
    "severity",
    "category",
    "lesson",
    "include",
    "exclude",
    "languages",
    "pattern",
    "unless",
    "modules",
    "calls",
    "examples",
}
_KINDS = ("regex", "forbid-import", "forbid-call")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*$")


class _Ctx:
    def __init__(self, path: Path, catalog: RuleCatalog) -> None:
        self.path = path
        self.catalog = catalog

    def fail(self, node: yaml.Node | None, problem: str) -> NoReturn:
        line = node.start_mark.line + 1 if node is not None else None
        raise ConfigError(self.path, line, problem)

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping")
        out: list[tuple[str, yaml.Node, yaml.Node]] = []
        seen: set[str] = set()
        for key, value in node.value:
            name = self.string(key, f"a key in {what}")
            if name in seen:
                self.fail(key, f"duplicate key {name!r} in {what}")
            seen.add(name)
            out.append((name, key, value))
        return out

    def string(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            self.fail(node, f"{what} must be a string")
        return str(node.value)

    def boolean(self, node: yaml.Node, what: str) -> bool:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return str(node.value).lower() in ("true", "yes", "on")
        self.fail(node, f"{what} must be true or false")

    def integer(self, node: yaml.Node, what: str) -> int:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
            value = int(str(node.value), 0)
            if value > 0:
                return value
        self.fail(node, f"{what} must be a positive integer")

    def strings(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null"):
            return (str(node.value),)
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list of strings")
        return tuple(self.string(item, f"each entry of {what}") for item in node.value)

    def severity(self, node: yaml.Node) -> Severity:
        value = self.string(node, "severity")
        if value not in SEVERITIES:
            self.fail(node, f"severity must be one of error, warning, info (got {value!r})")
        sev: Severity = value
        return sev


def parse_config_text(text: str, path: Path, catalog: RuleCatalog) -> EngineConfig:
    """Parse and validate rules.yaml `text` into a new `EngineConfig`.

    `path` only names the file in errors; relative paths in the text (the baseline) are left
    for the caller to resolve. Raises `ConfigError` (file, line, problem) on any invalid content.
    """
    config = EngineConfig()
    ctx = _Ctx(path, catalog)
    try:
        root = safe_yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(path, line, f"invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(path, None, f"invalid YAML: {exc}") from exc
    if root is None:
        return config
    for name, key, value in ctx.mapping(root, "the config file"):
        if name not in _TOP_KEYS:
            ctx.fail(key, f"unknown key {name!r} (expected one of {', '.join(sorted(_TOP_KEYS))})")
        if name == "version":
            if ctx.integer(value, "version") != 1:
                ctx.fail(value, "only version 1 is supported")
        elif name == "fail_on":
            config.fail_on = ctx.string(value, "fail_on")
            if config.fail_on not in ("error", "warning", "never"):
                ctx.fail(value, "fail_on must be one of error, warning, never")
        elif name == "baseline":
            config.baseline_path = Path(ctx.string(value, "baseline"))
        elif name == "paths":
            for pname, pkey, pval in ctx.mapping(value, "paths"):
                if pname == "include":
                    config.include = ctx.strings(pval, "paths.include")
                elif pname == "exclude":
                    config.exclude = ctx.strings(pval, "paths.exclude")
                else:
                    ctx.fail(pkey, f"unknown key {pname!r} in paths (use include or exclude)")
        elif name == "packs":
            _parse_packs(ctx, value, config)
        elif name == "rules":
            _parse_overrides(ctx, value, config)
        elif name == "team_rules":
            _parse_team_rules(ctx, value, config)
        elif name == "repositories":  # only meaningful in a team knowledge map
            for rname, rkey, rval in ctx.mapping(value, "repositories"):
                if rname != "may_loosen":
                    ctx.fail(rkey, f"unknown key {rname!r} in repositories (use may_loosen)")
                config.repo_may_loosen = ctx.boolean(rval, "repositories.may_loosen")
    return config


def _parse_packs(ctx: _Ctx, node: yaml.Node, config: EngineConfig) -> None:
    for name, key, value in ctx.mapping(node, "packs"):
        if name not in ctx.catalog.packs:
            packs = ", ".join(sorted(ctx.catalog.packs))
            ctx.fail(key, f"unknown pack {name!r} (known: {packs})")
        if isinstance(value, yaml.MappingNode):
            known = ctx.catalog.pack_options.get(name, {})
            for sub, skey, sval in ctx.mapping(value, f"packs.{name}"):
                if sub == "enabled":
                    config.packs[name] = ctx.boolean(sval, f"packs.{name}.enabled")
                elif sub in known:
                    option = _option_value(ctx, sval, f"packs.{name}.{sub}", known[sub])
                    config.pack_options.setdefault(name, {})[sub] = option
                else:
                    allowed = ", ".join(["enabled", *sorted(known)])
                    ctx.fail(skey, f"unknown key {sub!r} in packs.{name} (use {allowed})")
        else:
            config.packs[name] = ctx.boolean(value, f"packs.{name}")


def _parse_overrides(ctx: _Ctx, node: yaml.Node, config: EngineConfig) -> None:
    known = ctx.catalog.rules
    for rule_id, key, value in ctx.mapping(node, "rules"):
        spec = known.get(rule_id)
        if spec is None:
            if rule_id.startswith("secrets/") and not ctx.catalog.has_secrets:
                continue  # the secrets pack is not installed here; keep the config portable
            ctx.fail(key, f"unknown rule {rule_id!r}")
        override = RuleOverride()
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":bool"):
            override.enabled = ctx.boolean(value, f"rules.{rule_id}")
        elif isinstance(value, yaml.ScalarNode) and str(value.value) in SEVERITIES:
            override.severity = ctx.severity(value)
        else:
            for opt, okey, oval in ctx.mapping(value, f"rules.{rule_id}"):
                if opt == "enabled":
                    override.enabled = ctx.boolean(oval, "enabled")
                elif opt == "severity":
                    override.severity = ctx.severity(oval)
                elif opt == "include":
                    override.include = ctx.strings(oval, "include")
                elif opt == "exclude":
                    override.exclude = ctx.strings(oval, "exclude")
                elif opt in spec.options:
                    override.options[opt] = _option_value(ctx, oval, opt, spec.options[opt])
                else:
                    allowed = sorted(_OVERRIDE_KEYS | set(spec.options))
                    ctx.fail(okey, f"unknown setting {opt!r} for {rule_id} (allowed: {allowed})")
        config.rules[rule_id] = override


def _option_value(ctx: _Ctx, node: yaml.Node, name: str, default: Any) -> Any:
    if name.endswith("_severity"):
        return ctx.severity(node)
    if isinstance(default, bool):
        return ctx.boolean(node, name)
    if isinstance(default, int):
        return ctx.integer(node, name)
    if isinstance(default, tuple | list):
        return ctx.strings(node, name)
    return ctx.string(node, name)


def _parse_team_rules(ctx: _Ctx, node: yaml.Node, config: EngineConfig) -> None:
    from aura_agentic.rules.team import make_team_rule

    if not isinstance(node, yaml.SequenceNode):
        ctx.fail(node, "team_rules must be a list of rules")
    taken = set(ctx.catalog.rules)
    for item in node.value:
        fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for name, key, value in ctx.mapping(item, "a team rule"):
            if name not in _TEAM_KEYS:
                ctx.fail(key, f"unknown key {name!r} in team rule")
            fields[name] = (key, value)
        for required in ("id", "message"):
            if required not in fields:
                ctx.fail(item, f"team rule is missing {required!r}")
        rule_id = ctx.string(fields["id"][1], "id")
        if not _ID.match(rule_id):
            ctx.fail(fields["id"][1], f"rule id {rule_id!r} must look like 'pack/name'")
        if rule_id in taken:
            ctx.fail(fields["id"][1], f"duplicate rule id {rule_id!r}")
        taken.add(rule_id)
        kind = ctx.string(fields["kind"][1], "kind") if "kind" in fields else "regex"
        if kind not in _KINDS:
            ctx.fail(fields["kind"][1], f"kind must be one of {', '.join(_KINDS)}")
        need = {"regex": "pattern", "forbid-import": "modules", "forbid-call": "calls"}[kind]
        if need not in fields:
            ctx.fail(item, f"a {kind} rule needs {need!r}")

        def text(name: str, default: str = "", f: dict[str, Any] = fields) -> str:
            return ctx.string(f[name][1], name) if name in f else default

        def many(name: str, f: dict[str, Any] = fields) -> tuple[str, ...]:
            return ctx.strings(f[name][1], name) if name in f else ()

        target: str | tuple[str, ...] = many(need) if kind != "regex" else text("pattern")
        unless = text("unless") or None
        if "unless" in fields and kind != "regex":
            ctx.fail(fields["unless"][0], "'unless' only applies to regex rules")
        regexes = {"pattern": str(target) if kind == "regex" else None, "unless": unless}
        for field, source in regexes.items():
            if source is not None:
                try:
                    safe_regex.check_pattern(source)
                except safe_regex.UnsafePattern as exc:
                    problem = f"invalid regular expression in {field}: {exc}"
                    ctx.fail(fields[field][1], f"team rule {rule_id!r}: {problem}")
        severity = ctx.severity(fields["severity"][1]) if "severity" in fields else "warning"
        positive, negative = _examples(ctx, fields.get("examples"))
        spec = make_team_rule(
            kind=kind,
            rule_id=rule_id,
            target=target,
            message=text("message"),
            fix=text("fix"),
            severity=severity,
            category=text("category", "architecture" if kind != "regex" else "custom"),
            lesson_id=text("lesson") or None,
            include=many("include"),
            exclude=many("exclude"),
            languages=many("languages"),
            positive=positive,
            negative=negative,
            unless=unless,
        )
        config.team_rules.append(spec)


def _examples(
    ctx: _Ctx, entry: tuple[yaml.Node, yaml.Node] | None
) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if entry is None:
        return (), ()
    found: dict[str, list[Example]] = {"positive": [], "negative": []}
    for name, key, value in ctx.mapping(entry[1], "examples"):
        if name not in found:
            ctx.fail(key, "examples takes 'positive' and 'negative' lists")
        if not isinstance(value, yaml.SequenceNode):
            ctx.fail(value, f"examples.{name} must be a list")
        for ex in value.value:
            parts = {n: v for n, _k, v in ctx.mapping(ex, "an example")}
            if "path" not in parts or "code" not in parts:
                ctx.fail(ex, "an example needs 'path' and 'code'")
            found[name].append(
                Example(ctx.string(parts["path"], "path"), ctx.string(parts["code"], "code"))
            )
    return tuple(found["positive"]), tuple(found["negative"])
