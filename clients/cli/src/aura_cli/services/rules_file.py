"""The `.aura/rules.yaml` that `aura init` proposes for a repository (schema: rules-yaml.md).

`aura init` looks at the tracked files first: packs for the languages found are on, others
off; vendored, generated and minified files and snapshots that exist are excluded from every
rule; command-line folders (bin/, cli/, scripts/, tools/) are excluded from the debug-print
rules, because printing is what a command does. What remains is for `aura baseline create`.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any

_HEADER = """\
# Aura rules for this repository (schema: docs/guides/rules-yaml.md), proposed by `aura init`
# from the files it found. Switch a pack off with `false`, or tune a single rule under `rules:`,
# e.g. `python/long-function: {severity: info}`. Team rules go under `team_rules:`; rules your
# team publishes on the server come with `aura sync`. `aura rules list` shows what is active.
version: 1
"""
_LANGUAGES = {
    "python": (".py", ".pyi"),
    "js": (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte"),
}
# Patterns for code nobody in the repository writes by hand (kept only when something matches).
_GENERATED = (
    "vendor/**",
    "third_party/**",
    "third-party/**",
    "node_modules/**",
    "**/vendor/**",
    "**/node_modules/**",
    "**/dist/**",
    "**/generated/**",
    "**/__generated__/**",
    "**/*.min.js",
    "**/*.min.css",
    "**/*.bundle.js",
    "**/__snapshots__/**",
    "**/*.snap",
    "**/*_pb2.py",
    "**/*_pb2_grpc.py",
    "**/*.pb.go",
)
_CLI_DIRS = ("bin", "cli", "scripts", "tools")
_PRINT_RULES = {"python": "python/debug-print", "js": "js/console-log"}


@dataclass
class Proposal:
    """What `aura init` found in a repository and proposes to configure."""

    files: int = 0
    languages: dict[str, int] = field(default_factory=dict)  # pack -> files
    excluded: list[str] = field(default_factory=list)  # global path excludes that match
    cli_dirs: list[str] = field(default_factory=list)  # e.g. "bin/**", "**/cli/**"


def _matches(path: str, pattern: str) -> bool:
    if pattern.endswith("/**"):
        prefix = pattern[: -len("/**")]
        if prefix.startswith("**/"):
            return f"/{prefix[3:]}/" in f"/{path}"
        return path.startswith(prefix + "/")
    return fnmatch.fnmatch(path.rsplit("/", 1)[-1], pattern.rsplit("/", 1)[-1])


def inspect(paths: list[str]) -> Proposal:
    """Look at the repository's tracked paths and propose packs and excludes."""
    found = Proposal(files=len(paths))
    excluded: list[str] = []
    for pattern in _GENERATED:
        # Keep a pattern only when it excludes something the ones before it do not.
        if any(_matches(p, pattern) and not any(_matches(p, e) for e in excluded) for p in paths):
            excluded.append(pattern)
    found.excluded = excluded
    own = [p for p in paths if not any(_matches(p, pattern) for pattern in excluded)]
    for path in own:
        for pack, suffixes in _LANGUAGES.items():
            if path.endswith(suffixes):
                found.languages[pack] = found.languages.get(pack, 0) + 1
    dirs: set[str] = set()
    for path in own:
        parts = path.split("/")[:-1]
        for depth, part in enumerate(parts):
            if part in _CLI_DIRS:
                dirs.add(f"{part}/**" if depth == 0 else f"**/{part}/**")
    found.cli_dirs = sorted(dirs, key=lambda d: (d.startswith("**"), d))
    return found


def rules_yaml(rules: list[Any], proposal: Proposal | None = None) -> str:
    """The proposed file: packs (on for languages found), excludes, and every rule as a comment."""
    proposal = proposal or Proposal()
    packs: dict[str, list[Any]] = {}
    for rule in rules:
        packs.setdefault(str(rule.pack), []).append(rule)
    lines = [_HEADER]
    if proposal.files:
        found = ", ".join(f"{pack} ({n} files)" for pack, n in sorted(proposal.languages.items()))
        lines.append(f"# Found {proposal.files} tracked files; languages: {found or 'none known'}.")
    if proposal.excluded:
        lines.append("paths:")
        lines.append("  # vendored, generated or minified files and snapshots found here")
        lines.append("  exclude:")
        lines.extend(f'    - "{p}"' for p in proposal.excluded)
    lines.append("packs:")
    for pack in sorted(packs):
        enabled = any(r.enabled for r in packs[pack])
        if proposal.files and pack in _LANGUAGES:
            enabled = pack in proposal.languages
        lines.append(f"  {pack}: {'true' if enabled else 'false'}")
        for rule in sorted(packs[pack], key=lambda r: str(r.id)):
            state = "" if rule.enabled else ", off by default"
            lines.append(f"    # {rule.id} ({rule.severity}{state}): {rule.message}")
    overrides = [
        (rule_id, pack)
        for pack, rule_id in sorted(_PRINT_RULES.items())
        if proposal.cli_dirs and pack in proposal.languages and pack in packs
    ]
    if overrides:
        lines.append("rules:")
        for rule_id, _pack in overrides:
            lines.append(f"  {rule_id}:")
            lines.append("    # command-line programs print on purpose")
            lines.append("    exclude:")
            lines.extend(f'      - "{d}"' for d in proposal.cli_dirs)
    else:
        lines.append("rules: {}")
    return "\n".join(lines) + "\n"
