"""Workflow runs with the in-process OpenAI-compatible stub: streaming, plain, failing, hanging."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from api_factories import make_user
from aura_agentic.testing import OpenAIStub
from aura_api.models import WorkflowRun
from aura_api.workflows import service
from workflow_helpers import AWS_KEY, DIFF, parse_sse, struggle_body


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(["You ", "typed ", "`respnse`."], token_delay=0.005) as server:
        yield server


def llm_settings(stub: OpenAIStub, **extra: object) -> dict[str, object]:
    return {"llm_base_url": stub.base_url, "llm_model": "stub-model", **extra}


async def test_struggle_streams_the_personalised_lesson_and_persists_it(make_client, stub):
    client = await make_client(**llm_settings(stub))
    user = await make_user(client)
    r = await client.post("/api/v1/workflows/struggle", json=struggle_body(), headers=user.headers)
    body = r.json()
    assert body["status"] == "streaming" and body["personalised"] is None
    assert body["lesson"]["id"] == "python-name-error"
    stream = await client.get(body["stream_url"], headers=user.headers)
    events = parse_sse(stream.text)
    assert [name for name, _ in events] == ["token", "token", "token", "done"]
    assert "".join(data["text"] for name, data in events if name == "token") == stub.text
    prompt = stub.requests[0]["messages"][1]["content"]
    assert "respnse" in prompt and AWS_KEY not in prompt, "redacted before it leaves"
    run = (await client.get(f"/api/v1/workflows/{body['run_id']}", headers=user.headers)).json()
    assert run["status"] == "succeeded" and run["output"]["personalised"] == stub.text
    assert run["ttft_ms"] is not None and run["llm_ms"] >= run["ttft_ms"]
    again = parse_sse((await client.get(body["stream_url"], headers=user.headers)).text)
    assert [name for name, _ in again] == ["lesson", "done"]
    assert again[0][1]["personalised"] == stub.text


async def test_struggle_without_streaming_waits_for_the_text(make_client, stub):
    client = await make_client(**llm_settings(stub))
    user = await make_user(client)
    body = struggle_body(stream=False)
    r = await client.post("/api/v1/workflows/struggle", json=body, headers=user.headers)
    assert r.json()["status"] == "succeeded" and r.json()["personalised"] == stub.text
    run = (await client.get(f"/api/v1/workflows/{r.json()['run_id']}", headers=user.headers)).json()
    assert run["llm_ms"] is not None


async def test_audit_explanation_comes_from_the_llm(make_client, stub):
    client = await make_client(**llm_settings(stub))
    user = await make_user(client)
    r = await client.post("/api/v1/workflows/audit", json={"diff": DIFF}, headers=user.headers)
    assert r.json()["explanation"] == stub.text
    assert r.json()["findings"][0]["rule_id"] == "python/debug-print", "the engine decides"


async def test_llm_error_falls_back_to_the_lesson(make_client, stub):
    stub.mode = "error"
    client = await make_client(**llm_settings(stub))
    user = await make_user(client)
    r = await client.post("/api/v1/workflows/struggle", json=struggle_body(), headers=user.headers)
    events = parse_sse((await client.get(r.json()["stream_url"], headers=user.headers)).text)
    assert [name for name, _ in events] == ["lesson", "done"]
    assert events[0][1]["fallback"] is True and events[0][1]["lesson"]["id"]
    run = (await client.get(f"/api/v1/workflows/{r.json()['run_id']}", headers=user.headers)).json()
    assert run["status"] == "succeeded" and run["error"] and run["output"]["personalised"] is None


async def test_hanging_llm_costs_one_timeout_then_the_breaker_skips_it(make_client, stub):
    stub.mode = "hang"
    client = await make_client(**llm_settings(stub, llm_timeout_seconds=0.4))
    user = await make_user(client)
    timings = []
    for _ in range(2):
        r = await client.post(
            "/api/v1/workflows/struggle", json=struggle_body(), headers=user.headers
        )
        start = time.perf_counter()
        events = parse_sse((await client.get(r.json()["stream_url"], headers=user.headers)).text)
        timings.append(time.perf_counter() - start)
        assert events[0][1]["fallback"] is True
    # The first request waited out the timeout; the open breaker kept the second from calling
    # the endpoint at all (a request count, not a stopwatch, so load cannot make it flaky).
    assert timings[0] >= 0.35
    assert len(stub.requests) == 1
    plain = await client.post(
        "/api/v1/workflows/struggle", json=struggle_body(stream=False), headers=user.headers
    )
    assert plain.json()["personalised"] is None and plain.json()["lesson"]


async def test_a_dropped_stream_marks_the_run_failed(make_client, stub):
    stub.token_delay = 0.05
    client = await make_client(**llm_settings(stub))
    user = await make_user(client)
    r = await client.post("/api/v1/workflows/struggle", json=struggle_body(), headers=user.headers)
    app = client._transport.app  # type: ignore[attr-defined]
    res, runtime = app.state.resources, app.state.workflow_runtime
    async with res.session_factory() as session:
        run = await session.get(WorkflowRun, uuid.UUID(r.json()["run_id"]))
    frames = service.stream_run(runtime, run)
    assert (await frames.__anext__()).startswith(b"event: token")
    await frames.aclose()  # what Starlette does when the client goes away
    stored = (await client.get(f"/api/v1/workflows/{run.id}", headers=user.headers)).json()
    assert stored["status"] == "failed" and "disconnected" in stored["error"]
