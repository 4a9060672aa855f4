"""What a run stores: a redacted input summary (never code) and a JSON output."""

from __future__ import annotations

from typing import Any

from aura_agentic.llm import prompt_text
from aura_agentic.workflows.audit import AuditState
from aura_agentic.workflows.struggle import StruggleState

from aura_api.workflows.schemas import AuditRunCreate, StruggleRunCreate


def audit_input(data: AuditRunCreate) -> dict[str, Any]:
    files = sum(1 for line in data.diff.splitlines() if line.startswith("+++ "))
    return {
        "repo": prompt_text(data.repo, 300) if data.repo else None,
        "diff_bytes": len(data.diff.encode()),
        "files": files,
        "rules_config": bool(data.rules_yaml and data.rules_yaml.strip()),
        "explain": data.explain,
    }


def audit_output(state: AuditState) -> dict[str, Any]:
    return {
        "audit_status": state.status,
        "findings": state.findings,
        "stats": state.stats,
        "explanation": state.explanation,
        "diff_errors": state.diff_errors,
        "llm_error": state.llm_error,
    }


def struggle_input(data: StruggleRunCreate) -> dict[str, Any]:
    return {
        "signals": data.signals,
        "errors": [prompt_text(e, 300) for e in data.errors[:5]],
        "rule_ids": data.rule_ids,
        "language": data.language,
        "file_path": prompt_text(data.file_path, 500) if data.file_path else None,
        "code_chars": len(data.code),
        "stream": data.stream,
    }


def struggle_output(state: StruggleState) -> dict[str, Any]:
    return {
        "decision": {"fire": state.fire, "score": state.score, "reason": state.reason},
        "lesson": state.lesson,
        "alternatives": state.alternatives,
        "personalised": state.personalised,
        "llm_error": state.llm_error,
    }
