"""Shared helpers for the secret-detector tests (imported as a plain module, no package)."""

from __future__ import annotations

from aura_agentic.rules.secrets import SecretHit, scan_secrets


def scan_text(text: str, path: str = "config/app.conf") -> list[SecretHit]:
    """Scan ``text`` as a file whose every line was added."""
    lines = {i + 1: line for i, line in enumerate(text.split("\n"))}
    return scan_secrets(path, lines, lines.keys())


def rule_ids(text: str, path: str = "config/app.conf") -> set[str]:
    """Return the ids of the rules that fire on ``text``."""
    return {hit.rule_id for hit in scan_text(text, path)}
