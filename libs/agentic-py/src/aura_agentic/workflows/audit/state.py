"""State of the audit workflow: plain, JSON-friendly values so any checkpointer can store it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class AuditState:
    """Input (diff, optional rules YAML, whether to explain) and everything the nodes add."""

    diff: str
    rules_yaml: str | None = None
    explain: bool = True
    config_error: str | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    status: str | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    diff_errors: list[str] = field(default_factory=list)
    explanation: str | None = None
    llm_ms: float | None = None
    llm_error: str | None = None
