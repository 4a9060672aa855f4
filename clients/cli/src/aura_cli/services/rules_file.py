"""Text of the `.aura/rules.yaml` that `aura init` writes (schema: docs/guides/rules-yaml.md)."""

from __future__ import annotations

from typing import Any

_HEADER = """\
# Aura rules for this repository (schema: docs/guides/rules-yaml.md).
# Built-in packs are listed below: switch a pack off with `false`, or tune a single rule under
# `rules:`, e.g.
#   rules:
#     python/long-function: {severity: info}
#     secrets/generic-high-entropy: {enabled: false}
# Team rules go under `team_rules:`. Run `aura rules list` to see what is active.
version: 1
"""


def rules_yaml(rules: list[Any]) -> str:
    """Render the starter config: every built-in pack with its state and its rules as comments."""
    packs: dict[str, list[Any]] = {}
    for rule in rules:
        packs.setdefault(str(rule.pack), []).append(rule)
    lines = [_HEADER, "packs:"]
    for pack in sorted(packs):
        enabled = any(r.enabled for r in packs[pack])
        lines.append(f"  {pack}: {'true' if enabled else 'false'}")
        for rule in sorted(packs[pack], key=lambda r: str(r.id)):
            state = "" if rule.enabled else ", off by default"
            lines.append(f"    # {rule.id} ({rule.severity}{state}): {rule.message}")
    lines.append("rules: {}")
    return "\n".join(lines) + "\n"
