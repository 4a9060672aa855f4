"""The audit workflow: parse → static checks (the engine) → optional LLM explanation → result."""

from aura_agentic.workflows.audit.graph import build_graph, run_audit
from aura_agentic.workflows.audit.state import AuditState

__all__ = ["AuditState", "build_graph", "run_audit"]
