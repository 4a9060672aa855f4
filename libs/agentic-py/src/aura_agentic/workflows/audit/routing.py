"""Pure routing decisions of the audit workflow."""

from __future__ import annotations

from typing import Literal

from aura_agentic.workflows.audit.state import AuditState


def after_parse(state: AuditState) -> Literal["static_checks", "end"]:
    """A rules file that does not parse ends the run with that error; nothing is audited."""
    return "end" if state.config_error else "static_checks"


def after_checks(state: AuditState, llm_enabled: bool) -> Literal["explain", "end"]:
    """Ask the LLM only when there is something to explain and someone to explain it."""
    return "explain" if state.findings and state.explain and llm_enabled else "end"
