"""Build the struggle graph: decide → [retrieve → [personalise]] → end."""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.types import Checkpointer

from aura_agentic.llm import LLMClient, LLMConfig
from aura_agentic.workflows.struggle import nodes, routing
from aura_agentic.workflows.struggle.state import StruggleState


def build_graph(checkpointer: Checkpointer = None, *, llm: LLMClient | None = None) -> Any:
    """Compile the struggle workflow; without an enabled `llm` it returns the retrieved lesson."""
    client = llm or LLMClient(LLMConfig())
    graph = StateGraph(StruggleState)
    graph.add_node("decide", nodes.decide)
    graph.add_node("retrieve", nodes.retrieve)
    graph.add_node("personalise", nodes.make_personalise(client))

    # Async shims around the pure routing functions keep LangGraph off its thread pool.
    async def after_decide(state: StruggleState) -> str:
        return routing.after_decide(state)

    async def after_retrieve(state: StruggleState) -> str:
        return routing.after_retrieve(state, client.enabled)

    graph.add_edge(START, "decide")
    graph.add_conditional_edges("decide", after_decide, {"retrieve": "retrieve", "end": END})
    graph.add_conditional_edges(
        "retrieve", after_retrieve, {"personalise": "personalise", "end": END}
    )
    graph.add_edge("personalise", END)
    return graph.compile(checkpointer=checkpointer, name="struggle")


async def run_struggle(
    state: StruggleState, *, llm: LLMClient | None = None, graph: Any = None
) -> StruggleState:
    """Run the workflow once and return its final state (pass a prebuilt `graph` to reuse it)."""
    compiled = graph or build_graph(llm=llm)
    out = await compiled.ainvoke(state)
    return StruggleState(**out)
