"""Both workflows end to end: with no LLM, with the stub (plain and streamed), and failing."""

from __future__ import annotations

import pytest
from aura_agentic.llm import LLMClient, LLMConfig
from aura_agentic.testing import OpenAIStub
from aura_agentic.workflows import audit, struggle
from aura_agentic.workflows.audit.routing import after_checks, after_parse
from aura_agentic.workflows.struggle.routing import after_decide, after_retrieve
from langgraph.checkpoint.memory import InMemorySaver

DIFF = """diff --git a/app.py b/app.py
--- a/app.py
+++ b/app.py
@@ -1,1 +1,2 @@
 x = 1
+print(x)
"""
AWS_KEY = "AKIA" + "QWERTYUIOPASDFGH"


def llm_for(stub: OpenAIStub, **overrides: float) -> LLMClient:
    return LLMClient(LLMConfig(base_url=stub.base_url, model="stub", **overrides))


def struggling(**overrides: object) -> struggle.StruggleState:
    fields: dict[str, object] = {
        "signals": {"repeat_error": 0.9},
        "errors": ["NameError: name 'respnse' is not defined"],
        "language": "python",
        "code": f"token = '{AWS_KEY}'\nprint(respnse)",
    }
    fields.update(overrides)
    return struggle.StruggleState(**fields)  # type: ignore[arg-type]


async def test_audit_without_llm_returns_findings_and_no_explanation():
    state = await audit.run_audit(DIFF)
    assert [f["rule_id"] for f in state.findings] == ["python/debug-print"]
    assert state.explanation is None and state.llm_ms is None


async def test_audit_with_stub_explains_findings():
    with OpenAIStub(["Use ", "logging."]) as stub:
        state = await audit.run_audit(DIFF, llm=llm_for(stub))
    assert state.explanation == "Use logging."
    assert state.llm_ms is not None
    assert "python/debug-print" in stub.requests[0]["messages"][1]["content"]


async def test_audit_reports_a_bad_rules_file_without_auditing():
    state = await audit.run_audit(DIFF, "packs: [unclosed")
    assert state.config_error and state.status == "error" and state.findings == []


async def test_audit_with_failing_llm_still_returns_findings():
    with OpenAIStub(mode="error") as stub:
        state = await audit.run_audit(DIFF, llm=llm_for(stub))
    assert state.findings and state.explanation is None and state.llm_error


async def test_struggle_without_llm_returns_the_retrieved_lesson():
    state = await struggle.run_struggle(struggling())
    assert state.fire and state.lesson is not None
    assert state.lesson["id"] == "python-name-error"
    assert state.lesson["markdown"].startswith("# NameError")
    assert state.personalised is None and state.llm_ms is None


async def test_struggle_below_threshold_does_not_fire():
    state = await struggle.run_struggle(struggling(signals={"undo_burst": 0.2, "idle": 0.1}))
    assert not state.fire and state.lesson is None
    assert "below threshold" in state.reason


async def test_struggle_personalises_with_redacted_prompt():
    with OpenAIStub(["You ", "misspelled ", "response."]) as stub:
        state = await struggle.run_struggle(struggling(), llm=llm_for(stub))
    assert state.personalised == "You misspelled response."
    prompt = stub.requests[0]["messages"][1]["content"]
    assert "respnse" in prompt and AWS_KEY not in prompt


async def test_struggle_streams_tokens_through_the_graph():
    with OpenAIStub(["a", "b", "c"], token_delay=0.01) as stub:
        graph = struggle.build_graph(llm=llm_for(stub))
        tokens = [
            chunk["token"]
            async for chunk in graph.astream(struggling(personalise="stream"), stream_mode="custom")
        ]
    assert tokens == ["a", "b", "c"]


async def test_struggle_with_hanging_llm_falls_back_then_skips_fast():
    with OpenAIStub(mode="hang") as stub:
        llm = llm_for(stub, total_timeout=0.3)
        first = await struggle.run_struggle(struggling(), llm=llm)
        second = await struggle.run_struggle(struggling(), llm=llm)
        assert len(stub.requests) == 1, "the open breaker kept the second run off the endpoint"
    for state in (first, second):
        assert state.lesson is not None and state.personalised is None and state.llm_error


async def test_graphs_accept_a_checkpointer():
    graph = struggle.build_graph(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t1"}}
    out = await graph.ainvoke(struggling(), config)
    assert out["lesson"]["id"] == "python-name-error"
    snapshot = await graph.aget_state(config)
    assert snapshot.values["fire"] is True


@pytest.mark.parametrize(
    ("signals", "fires"),
    [({}, False), ({"a": 0.59}, False), ({"a": 0.6}, True), ({"a": 0.4, "b": 0.4}, True)],
)
def test_struggle_score(signals, fires):
    score, _ = struggle.struggle_score(signals)
    assert (score >= 0.6) is fires


def test_routing_is_pure():
    s = struggle.StruggleState(fire=True, lesson={"id": "x"}, personalise="defer")
    assert after_decide(s) == "retrieve"
    assert after_retrieve(s, llm_enabled=True) == "end"
    s.personalise = "complete"
    assert after_retrieve(s, llm_enabled=True) == "personalise"
    assert after_retrieve(s, llm_enabled=False) == "end"
    a = audit.AuditState(diff="", findings=[{"rule_id": "r"}])
    assert after_parse(a) == "static_checks"
    assert after_checks(a, llm_enabled=True) == "explain"
    assert after_checks(a, llm_enabled=False) == "end"
