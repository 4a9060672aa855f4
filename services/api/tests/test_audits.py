"""POST/GET /api/v1/audits: reports with findings, redaction, visibility."""

from __future__ import annotations

from typing import Any

from api_factories import add_member, assert_envelope, make_team, make_user
from httpx import AsyncClient

SECRET = "AKIA" + "Q7RZ3LMXW2KD5PTV"


def finding(**overrides: Any) -> dict[str, Any]:
    body = {
        "rule_id": "secrets/aws-access-key",
        "category": "secret",
        "severity": "error",
        "path": "src/app/settings.py",
        "line": 12,
        "end_line": 12,
        "column": 17,
        "message": "AWS access key id in source",
        "fix": "Read it from the environment",
        "lesson_id": "secrets-in-code",
        "fingerprint": "sha256:abc",
        "snippet": f'AWS_KEY = "{SECRET}"',
    }
    body.update(overrides)
    return body


def report(findings: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "version": 1,
        "status": "fail" if findings else "pass",
        "findings": findings,
        "suppressed": 1,
        "stats": {"files": 3, "added_lines": 120, "rules": 57, "duration_ms": 8.4},
        "source": "ci",
        "repo": "github.com/acme/shop",
        "commit": "0123abcd",
        "ref": "refs/pull/7/head",
    }
    body.update(overrides)
    return body


async def test_submit_and_read_an_audit(client: AsyncClient) -> None:
    alice = await make_user(client)
    team = await make_team(client, alice)
    r = await client.post(
        "/api/v1/audits",
        json=report([finding(), finding(rule_id="debug/print", line=3)]),
        headers=alice.headers,
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["team_id"] == team and created["findings_count"] == 2
    assert created["commit"] == "0123abcd"
    assert SECRET not in r.text and "[redacted]" in created["findings"][0]["snippet"]
    detail = await client.get(f"/api/v1/audits/{created['id']}", headers=alice.headers)
    assert [f["rule_id"] for f in detail.json()["findings"]] == [
        "secrets/aws-access-key",
        "debug/print",
    ]
    assert SECRET not in detail.text


async def test_bad_reports(client: AsyncClient) -> None:
    alice, outsider = await make_user(client), await make_user(client)
    other_team = await make_team(client, outsider)
    r = await client.post(
        "/api/v1/audits", json=report([finding(severity="fatal")]), headers=alice.headers
    )
    assert r.status_code == 422
    r = await client.post("/api/v1/audits", json=report([], version=2), headers=alice.headers)
    assert r.status_code == 422
    r = await client.post(
        "/api/v1/audits", json=report([], team_id=other_team), headers=alice.headers
    )
    assert r.status_code == 404
    assert_envelope(r.json(), "team_not_found")
    r = await client.post("/api/v1/audits", json=report([finding()] * 2001), headers=alice.headers)
    assert r.status_code == 413
    assert_envelope(r.json(), "too_many_findings")


async def test_audit_visibility_and_filters(client: AsyncClient) -> None:
    admin, lead, member, outsider = [await make_user(client) for _ in range(4)]
    team = await make_team(client, admin)
    await add_member(client, team, admin, lead, "lead")
    await add_member(client, team, admin, member)
    await make_team(client, outsider)
    mine = await client.post("/api/v1/audits", json=report([finding()]), headers=member.headers)
    await client.post("/api/v1/audits", json=report([], source="cli"), headers=member.headers)
    theirs = await client.post("/api/v1/audits", json=report([]), headers=outsider.headers)
    audit_id = mine.json()["id"]

    r = await client.get("/api/v1/audits", headers=member.headers)
    assert r.json()["total"] == 2
    r = await client.get(f"/api/v1/audits?team_id={team}&status=fail", headers=lead.headers)
    assert [a["id"] for a in r.json()["items"]] == [audit_id]
    r = await client.get(f"/api/v1/audits?team_id={team}&source=cli", headers=lead.headers)
    assert r.json()["total"] == 1
    r = await client.get(f"/api/v1/audits?team_id={team}", headers=outsider.headers)
    assert r.status_code == 404
    r = await client.get(f"/api/v1/audits?team_id={team}&user_id={lead.id}", headers=member.headers)
    assert r.status_code == 403

    assert (await client.get(f"/api/v1/audits/{audit_id}", headers=lead.headers)).status_code == 200
    assert (
        await client.get(f"/api/v1/audits/{audit_id}", headers=admin.headers)
    ).status_code == 200
    r = await client.get(f"/api/v1/audits/{audit_id}", headers=outsider.headers)
    assert r.status_code == 404
    assert_envelope(r.json(), "audit_not_found")
    r = await client.get(f"/api/v1/audits/{theirs.json()['id']}", headers=member.headers)
    assert r.status_code == 404


async def test_a_resubmitted_client_id_returns_the_stored_audit(client: AsyncClient) -> None:
    alice, bob = await make_user(client), await make_user(client)
    await make_team(client, alice)
    body = report([finding()], id="5b2f4f0c-9c1e-4a43-8d6b-0c8a7d1e2f30", source="cli")
    first = await client.post("/api/v1/audits", json=body, headers=alice.headers)
    assert first.status_code == 201, first.text
    again = await client.post("/api/v1/audits", json=body, headers=alice.headers)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["findings"] == first.json()["findings"]
    listed = await client.get("/api/v1/audits", headers=alice.headers)
    assert listed.json()["total"] == 1
    # The id is the submitter's own: another user sending the same one stores their audit.
    theirs = await client.post("/api/v1/audits", json=body, headers=bob.headers)
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
