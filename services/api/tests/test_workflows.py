"""Workflow runs through the API without an LLM: audit, struggle, history, stream, limits."""

from __future__ import annotations

import pytest
from api_factories import assert_envelope, make_user
from httpx import AsyncClient
from workflow_helpers import AWS_KEY, DIFF, parse_sse, struggle_body


async def test_audit_returns_findings_and_records_the_run(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.post(
        "/api/v1/workflows/audit", json={"diff": DIFF, "repo": "acme/shop"}, headers=user.headers
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert [f["rule_id"] for f in body["findings"]] == ["python/debug-print"]
    assert body["explanation"] is None and body["status"] == "succeeded"
    run = (await client.get(f"/api/v1/workflows/{body['run_id']}", headers=user.headers)).json()
    assert run["kind"] == "audit" and run["status"] == "succeeded"
    assert run["input_summary"]["files"] == 1 and run["input_summary"]["repo"] == "acme/shop"
    assert "charging" not in str(run["input_summary"]), "no code in the input summary"
    assert run["output"]["findings"][0]["lesson_id"] == "python-debug-print"
    assert run["duration_ms"] >= 0 and run["finished_at"] and run["llm_ms"] is None


async def test_audit_with_an_invalid_rules_file_is_refused_and_recorded(client: AsyncClient):
    user = await make_user(client)
    r = await client.post(
        "/api/v1/workflows/audit",
        json={"diff": DIFF, "rules_yaml": "packs: [oops"},
        headers=user.headers,
    )
    assert r.status_code == 422
    assert_envelope(r.json(), "invalid_rules_config")
    failed = await client.get("/api/v1/workflows?status=failed", headers=user.headers)
    assert failed.json()["total"] == 1
    assert failed.json()["items"][0]["id"] == r.json()["error"]["details"]["run_id"]


async def test_audit_diff_size_is_capped(make_client) -> None:
    client = await make_client(workflow_max_diff_bytes=100)
    user = await make_user(client)
    r = await client.post("/api/v1/workflows/audit", json={"diff": DIFF}, headers=user.headers)
    assert r.status_code == 413
    assert_envelope(r.json(), "diff_too_large")


async def test_struggle_without_llm_returns_the_lesson_at_once(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.post("/api/v1/workflows/struggle", json=struggle_body(), headers=user.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "succeeded" and body["decision"]["fire"] is True
    assert body["lesson"]["id"] == "python-name-error"
    assert body["lesson"]["markdown"].startswith("# NameError")
    assert body["personalised"] is None
    stream = await client.get(body["stream_url"], headers=user.headers)
    assert stream.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(stream.text)
    assert [name for name, _ in events] == ["lesson", "done"]
    assert events[0][1]["lesson"]["id"] == "python-name-error"


async def test_struggle_input_summary_is_redacted_and_has_no_code(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.post("/api/v1/workflows/struggle", json=struggle_body(), headers=user.headers)
    run = (await client.get(f"/api/v1/workflows/{r.json()['run_id']}", headers=user.headers)).json()
    summary = run["input_summary"]
    assert AWS_KEY not in str(run)
    assert "print(respnse)" not in str(summary) and summary["code_chars"] > 0
    assert summary["signals"] == {"repeat_error": 0.9, "undo_burst": 0.3}


async def test_weak_signals_do_not_fire(client: AsyncClient) -> None:
    user = await make_user(client)
    body = struggle_body(signals={"idle": 0.1})
    r = await client.post("/api/v1/workflows/struggle", json=body, headers=user.headers)
    assert r.json()["decision"]["fire"] is False
    assert r.json()["lesson"] is None and r.json()["stream_url"] is None


@pytest.mark.parametrize(
    "body",
    [
        struggle_body(signals={"x": 1.5}),
        struggle_body(code="x" * 20_001),
        {"signals": {}, "unknown": 1},
    ],
)
async def test_struggle_input_is_validated(client: AsyncClient, body) -> None:
    user = await make_user(client)
    r = await client.post("/api/v1/workflows/struggle", json=body, headers=user.headers)
    assert r.status_code == 422


async def test_struggle_lists_above_their_limit_are_413(client: AsyncClient) -> None:
    user = await make_user(client)
    body = struggle_body(errors=["e"] * 11)
    r = await client.post("/api/v1/workflows/struggle", json=body, headers=user.headers)
    assert r.status_code == 413
    assert r.json()["error"]["details"] == {"field": "errors", "size": 11, "limit": 10}


async def test_history_is_paginated_filtered_and_private(client: AsyncClient) -> None:
    alice, bob = await make_user(client), await make_user(client)
    for _ in range(3):
        await client.post("/api/v1/workflows/struggle", json=struggle_body(), headers=alice.headers)
    await client.post("/api/v1/workflows/audit", json={"diff": DIFF}, headers=alice.headers)
    page = (await client.get("/api/v1/workflows?limit=2", headers=alice.headers)).json()
    assert page["total"] == 4 and len(page["items"]) == 2
    assert page["items"][0]["kind"] == "audit", "newest first"
    kinds = await client.get("/api/v1/workflows?kind=struggle", headers=alice.headers)
    assert kinds.json()["total"] == 3
    assert (await client.get("/api/v1/workflows", headers=bob.headers)).json()["total"] == 0
    run_id = page["items"][0]["id"]
    for path in (f"/api/v1/workflows/{run_id}", f"/api/v1/workflows/{run_id}/stream"):
        r = await client.get(path, headers=bob.headers)
        assert r.status_code == 404
        assert_envelope(r.json(), "workflow_run_not_found")
    bad = await client.get("/api/v1/workflows?kind=nope", headers=alice.headers)
    assert bad.status_code == 422


async def test_runs_survive_a_restart(make_client) -> None:
    first = await make_client()
    user = await make_user(first)
    r = await first.post("/api/v1/workflows/struggle", json=struggle_body(), headers=user.headers)
    second = await make_client()
    run = await second.get(f"/api/v1/workflows/{r.json()['run_id']}", headers=user.headers)
    assert run.status_code == 200 and run.json()["output"]["lesson"]["id"] == "python-name-error"
