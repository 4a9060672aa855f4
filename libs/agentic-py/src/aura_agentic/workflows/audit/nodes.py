"""Nodes of the audit workflow. The engine decides; the LLM only explains."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aura_agentic.engine import AuditReport, ConfigError, EngineConfig, audit_diff, parse_config
from aura_agentic.llm import LLMClient, LLMUnavailable, findings_messages
from aura_agentic.workflows.audit.state import AuditState
from aura_agentic.workflows.timing import elapsed_ms

# Runs a blocking function off the event loop: `await offload(fn, *args)`.
Offload = Callable[..., Awaitable[Any]]


def config_from_text(rules_yaml: str | None) -> EngineConfig:
    """An engine config from `.aura/rules.yaml` text (built-ins only when None or blank)."""
    if not rules_yaml or not rules_yaml.strip():
        return EngineConfig()
    try:
        return parse_config(rules_yaml, "rules.yaml")
    except ConfigError as exc:
        where = f"line {exc.line}: " if exc.line is not None else ""
        raise ConfigError("rules.yaml", exc.line, f"{where}{exc.problem}") from exc


def _check_config(rules_yaml: str | None) -> str | None:
    try:
        config_from_text(rules_yaml)
    except ConfigError as exc:
        return exc.problem
    return None


def make_parse(offload: Offload) -> Any:
    """The parse node: validate the rules text early so a bad config is reported, not
    half-applied (on `offload`, since parsing is CPU work)."""

    async def parse(state: AuditState) -> dict[str, Any]:
        problem = await offload(_check_config, state.rules_yaml) if state.rules_yaml else None
        return {"config_error": problem, "status": "error"} if problem else {}

    return parse


def _audit(diff: str, rules_yaml: str | None) -> AuditReport:
    return audit_diff(diff, config_from_text(rules_yaml))


def make_static_checks(offload: Offload) -> Any:
    """The static_checks node: the audit engine over the diff's added lines, on `offload`
    (a caller's bounded pool; by default a worker thread) so the event loop stays free."""

    async def static_checks(state: AuditState) -> dict[str, Any]:
        report = await offload(_audit, state.diff, state.rules_yaml)
        data = report.to_dict()
        return {
            "findings": data["findings"],
            "status": data["status"],
            "stats": data["stats"],
            "diff_errors": list(report.errors),
        }

    return static_checks


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
