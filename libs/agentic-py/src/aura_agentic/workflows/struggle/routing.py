"""Pure routing decisions of the struggle workflow."""

from __future__ import annotations

from typing import Literal

from aura_agentic.workflows.struggle.state import StruggleState


def after_decide(state: StruggleState) -> Literal["retrieve", "end"]:
    """Only a struggle worth interrupting someone for goes on to pick a lesson."""
    return "retrieve" if state.fire else "end"


def after_retrieve(state: StruggleState, llm_enabled: bool) -> Literal["personalise", "end"]:
    """Personalise inside the run only when asked to, with a lesson, and an LLM to do it."""
    wants = state.personalise in ("complete", "stream")
    return "personalise" if wants and state.lesson is not None and llm_enabled else "end"
