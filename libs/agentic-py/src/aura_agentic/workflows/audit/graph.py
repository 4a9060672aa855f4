"""Build the audit graph: parse → static_checks → [explain] → end."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.types import Checkpointer

from aura_agentic.llm import LLMClient, LLMConfig
from aura_agentic.workflows.audit import nodes, routing
from aura_agentic.workflows.audit.state import AuditState


def build_graph(
    checkpointer: Checkpointer = None,
    *,
    llm: LLMClient | None = None,
    offload: nodes.Offload | None = None,
) -> Any:
    """Compile the audit workflow; without an enabled `llm`, findings are never explained.

    `offload` runs the CPU-heavy steps (parsing the rules, the audit itself) off the event
    loop; a server passes its bounded pool, the default is `asyncio.to_thread`.
    """
    client = llm or LLMClient(LLMConfig())
    run_off = offload or asyncio.to_thread
    graph = StateGraph(AuditState)
    graph.add_node("parse", nodes.make_parse(run_off))
    graph.add_node("static_checks", nodes.make_static_checks(run_off))
    graph.add_node("explain", nodes.make_explain(client))

    # Async shims around the pure routing functions keep LangGraph off its thread pool.
    async def after_parse(state: AuditState) -> str:
        return routing.after_parse(state)

    async def after_checks(state: AuditState) -> str:
        return routing.after_checks(state, client.enabled)

    graph.add_edge(START, "parse")
    graph.add_conditional_edges(
        "parse", after_parse, {"static_checks": "static_checks", "end": END}
    )
    graph.add_conditional_edges("static_checks", after_checks, {"explain": "explain", "end": END})
    graph.add_edge("explain", END)
    return graph.compile(checkpointer=checkpointer, name="audit")


async def run_audit(
    diff: str,
    rules_yaml: str | None = None,
    *,
    llm: LLMClient | None = None,
    explain: bool = True,
    graph: Any = None,
) -> AuditState:
    """Run the workflow once and return its final state (pass a prebuilt `graph` to reuse it)."""
    compiled = graph or build_graph(llm=llm)
    out = await compiled.ainvoke(AuditState(diff=diff, rules_yaml=rules_yaml, explain=explain))
    return AuditState(**out)
