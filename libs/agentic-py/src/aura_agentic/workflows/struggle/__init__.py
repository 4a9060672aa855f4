"""The struggle workflow: signals → decide → retrieve → optional LLM personalisation → lesson."""

from aura_agentic.workflows.struggle.graph import build_graph, run_struggle
from aura_agentic.workflows.struggle.nodes import personalise_messages, struggle_score
from aura_agentic.workflows.struggle.state import StruggleState

__all__ = [
    "StruggleState",
    "build_graph",
    "personalise_messages",
    "run_struggle",
    "struggle_score",
]
