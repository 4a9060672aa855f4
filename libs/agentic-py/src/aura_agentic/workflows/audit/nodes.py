"""Nodes of the audit workflow. The engine decides; the LLM only explains."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aura_agentic.engine import AuditReport, ConfigError, EngineConfig, audit_diff, parse_config
from aura_agentic.llm import LLMClient, LLMUnavailable, findings_messages
from aura_agentic.workflows.audit.state import AuditState
from aura_agentic.workflows.timing import elapsed_ms

INLINE_DIFF_CHARS = 16_000


def config_from_text(rules_yaml: str | None) -> EngineConfig:
    """An engine config from `.aura/rules.yaml` text (built-ins only when None or blank)."""
    if not rules_yaml or not rules_yaml.strip():
        return EngineConfig()
    try:
        return parse_config(rules_yaml, "rules.yaml")
    except ConfigError as exc:
        where = f"line {exc.line}: " if exc.line is not None else ""
        raise ConfigError("rules.yaml", exc.line, f"{where}{exc.problem}") from exc


async def parse(state: AuditState) -> dict[str, Any]:
    """Validate the rules text early so a bad config is reported, not half-applied."""
    try:
        config_from_text(state.rules_yaml)
    except ConfigError as exc:
        return {"config_error": exc.problem, "status": "error"}
    return {}


def _audit(diff: str, rules_yaml: str | None) -> AuditReport:
    return audit_diff(diff, config_from_text(rules_yaml))


async def static_checks(state: AuditState) -> dict[str, Any]:
    """Run the audit engine on the diff's added lines; big diffs in a worker thread so the
    event loop stays free, small ones inline where a thread hop would cost more than the audit."""
    if len(state.diff) > INLINE_DIFF_CHARS:
        report = await asyncio.to_thread(_audit, state.diff, state.rules_yaml)
    else:
        report = _audit(state.diff, state.rules_yaml)
    data = report.to_dict()
    return {
        "findings": data["findings"],
        "status": data["status"],
        "stats": data["stats"],
        "diff_errors": list(report.errors),
    }


def make_explain(llm: LLMClient) -> Any:
    """The explain node, bound to the process's LLM client (falls back to no explanation)."""

    async def explain(state: AuditState) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            text = await llm.complete(findings_messages(state.findings))
        except LLMUnavailable as exc:
            return {"explanation": None, "llm_error": str(exc), "llm_ms": elapsed_ms(start)}
        return {"explanation": text, "llm_ms": elapsed_ms(start)}

    return explain
