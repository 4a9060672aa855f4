"""Attack probes for issue #11, through the HTTP API only, against any deployment.

Each probe takes an `httpx.AsyncClient` (an in-process ASGI client in the test suite, a real
one from `scripts/fuzz/probe.py --base-url …`) and raises AssertionError with what it saw.
Probes create their own users and teams through the API, so they need an empty-ish instance
with registration open and rate limits that allow a few dozen requests.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from httpx import AsyncClient

# aura: allow secrets/generic-credential reason="generated per run for the probe's own accounts"
PASSWORD = "probe-" + secrets.token_urlsafe(12)
Probe = Callable[[AsyncClient], Awaitable[None]]


async def _user(client: AsyncClient) -> tuple[dict[str, str], dict[str, str]]:
    """A new account: (Bearer headers, the login's token pair and email)."""
    email = f"probe-{secrets.token_hex(5)}@example.com"
    r = await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    r = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.cookies.clear()
    tokens = {**r.json(), "email": email}
    return {"Authorization": f"Bearer {tokens['access_token']}"}, tokens


async def _team(client: AsyncClient, headers: dict[str, str]) -> str:
    r = await client.post("/api/v1/teams", json={"name": "Probe team"}, headers=headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _event(**extra: object) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "type": "audit.finding",
        "source": "cli",
        "occurred_at": datetime.now(UTC).isoformat(),
        **extra,
    }


async def catastrophic_regex_finishes(client: AsyncClient) -> None:
    """Defect 1: `(a+)+$` on long lines is linear; the server answers /health/live meanwhile."""
    headers, _ = await _user(client)
    rules = (
        "team_rules:\n"
        "  - id: team/nested\n    pattern: '(a+)+$'\n    message: nested\n"
        "  - id: team/alternation\n    pattern: '^(a|aa)*b$'\n    message: alternation\n"
    )
    line = "a" * 50_000 + "!"
    diff = (
        "diff --git a/x.txt b/x.txt\nnew file mode 100644\n--- /dev/null\n+++ b/x.txt\n"
        f"@@ -0,0 +1,3 @@\n+{line}\n+{line}\n+aaaa\n"
    )
    audit = asyncio.ensure_future(
        client.post(
            "/api/v1/workflows/audit",
            json={"diff": diff, "rules_yaml": rules, "explain": False},
            headers=headers,
        )
    )
    live = await client.get("/health/live")
    assert live.status_code == 200, "the server must keep answering while it audits"
    r = await audit
    assert r.status_code == 200, r.text  # 503 would mean it ran past its budget
    assert [(f["rule_id"], f["line"]) for f in r.json()["findings"]] == [("team/nested", 3)]
    bad = "team_rules:\n  - id: team/look\n    pattern: 'a(?=b)'\n    message: m\n"
    r = await client.post(
        "/api/v1/workflows/audit", json={"diff": diff, "rules_yaml": bad}, headers=headers
    )
    assert r.status_code == 422 and "team/look" in r.text and "unless" in r.text, r.text


async def client_secrets_are_scrubbed(client: AsyncClient) -> None:
    """Defect 3: a secret in any free-text field is masked before it is stored or shown."""
    from leak_scan import plant

    headers, _ = await _user(client)
    team = await _team(client, headers)
    s = {k: plant(k) for k in ("token", "github", "aws", "base64", "slack")}
    finding = {
        "rule_id": "secrets/generic", "category": "secret", "severity": "error",
        "path": f"src/{s['token']}/app.py", "line": 3, "message": f"found {s['base64']}",
        "fingerprint": "sha256:" + "ab" * 32, "snippet": f'KEY = "{s["github"]}"',
    }  # fmt: skip
    audit = {"version": 1, "status": "fail", "findings": [finding], "source": "cli",
             "repo": f"acme/{s['aws']}", "ref": f"refs/heads/{s['token']}", "team_id": team,
             "stats": {"note": s["slack"]}}  # fmt: skip
    r = await client.post("/api/v1/audits", json=audit, headers=headers)
    assert r.status_code == 201, r.text
    detail = await client.get(f"/api/v1/audits/{r.json()['id']}", headers=headers)
    event = _event(path=f"lib/{s['base64']}", repo=s["github"], data={"msg": s["token"]})
    r = await client.post("/api/v1/events", json={"events": [event]}, headers=headers)
    assert r.json()["accepted"] == 1, r.text
    events = await client.get("/api/v1/events", headers=headers)
    named = await client.post("/api/v1/tokens", json={"name": f"ci {s['aws']}"}, headers=headers)
    rules = "team_rules:\n  - id: team/key\n    pattern: 'KEY'\n    message: a key\n"
    diff = (
        "diff --git a/k.py b/k.py\nnew file mode 100644\n--- /dev/null\n+++ b/k.py\n"
        f"@@ -0,0 +1 @@\n+KEY = '{s['token']}'\n"
    )
    run = await client.post(
        "/api/v1/workflows/audit",
        json={"diff": diff, "rules_yaml": rules, "explain": False, "repo": s["github"]},
        headers=headers,
    )
    assert run.status_code == 200, run.text
    stored = await client.get(f"/api/v1/workflows/{run.json()['run_id']}", headers=headers)
    struggle = {"signals": {"rewrites": 0.9}, "errors": [f"KeyError: {s['aws']}"],
                "code": f"token = {s['base64']}", "file_path": f"src/{s['slack']}.py"}  # fmt: skip
    helped = await client.post("/api/v1/workflows/struggle", json=struggle, headers=headers)
    assert helped.status_code == 200, helped.text
    history = await client.get("/api/v1/workflows", headers=headers)
    kept = detail.text + events.text + named.text + stored.text + history.text
    leaked = [kind for kind, value in s.items() if value in kept]
    assert not leaked, f"stored verbatim: {leaked}"
    assert "…[redacted]" in detail.text


async def malformed_input_is_4xx(client: AsyncClient) -> None:
    """Defect 4: huge integers, naive date-times, lone surrogates, deep YAML: 4xx, never 500;
    a bad event in a batch rejects only itself."""
    headers, _ = await _user(client)
    team = await _team(client, headers)
    checks = {
        f"/api/v1/teams?offset={2**63}": 422,
        f"/api/v1/teams/{team}/knowledge/versions/{2**31}": 422,
        "/api/v1/events?since=2026-01-01T00:00:00": 422,
        f"/api/v1/teams/{team}/analytics/hotspots?until=0.5": 422,
        "/api/v1/events?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z": 200,
    }
    for url, status in checks.items():
        r = await client.get(url, headers=headers)
        assert r.status_code == status, (url, r.status_code, r.text)
    r = await client.post(
        f"/api/v1/teams/{team}/knowledge/versions/{2**31}/rollback", headers=headers
    )
    assert r.status_code == 422, r.text
    batch = b'{"events": [%s, %s]}' % (
        str(_event(data={"note": "ok"})).replace("'", '"').encode(),
        str(_event(data={"note": "x"})).replace("'", '"').replace('"x"', '"\\ud800"').encode(),
    )
    r = await client.post(
        "/api/v1/events", content=batch, headers={**headers, "Content-Type": "application/json"}
    )
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text
    assert [x["index"] for x in r.json()["rejected"]] == [1], r.text
    r = await client.post(
        "/api/v1/teams",
        content=b'{"name": "x\\udc00"}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    nested: dict[str, object] = {"leaf": 1}
    for _ in range(800):
        nested = {"a": nested}
    r = await client.post(
        "/api/v1/events", json={"events": [_event(data=nested), _event()]}, headers=headers
    )
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text
    audit = {"version": 1, "status": "pass", "findings": [], "source": "cli", "stats": nested}
    r = await client.post("/api/v1/audits", json=audit, headers=headers)
    assert r.status_code == 422, r.text
    deep = "rules: " + "[" * 600 + "]" * 600 + "\n"
    r = await client.put(
        f"/api/v1/teams/{team}/knowledge", json={"rules_yaml": deep}, headers=headers
    )
    assert r.status_code == 422 and r.json()["error"]["details"]["line"] == 1, r.text


async def huge_collections_are_rejected_early(client: AsyncClient) -> None:
    """Defect 5: 900,000 integers are refused with a small 413, not validated one by one."""
    headers, _ = await _user(client)
    numbers = b"[" + b",".join(b"1" for _ in range(900_000)) + b"]"
    body = b'{"version": 1, "status": "pass", "source": "cli", "findings": ' + numbers + b"}"
    r = await client.post(
        "/api/v1/audits", content=body, headers={**headers, "Content-Type": "application/json"}
    )
    assert r.status_code == 413 and len(r.content) < 2000, (r.status_code, len(r.content))
    wrong = [{"rule_id": 1}] * 300
    r = await client.post(
        "/api/v1/audits",
        json={"version": 1, "status": "pass", "source": "cli", "findings": wrong},
        headers=headers,
    )
    details = r.json()["error"]["details"]
    assert r.status_code == 422 and len(details["errors"]) == 20 and details["error_count"] > 20


async def event_ids_are_scoped_per_user(client: AsyncClient) -> None:
    """Defect 6: another user's id neither blocks your event nor tells you it exists."""
    alice, _ = await _user(client)
    mallory, _ = await _user(client)
    event = _event(path="src/a.py")
    first = await client.post("/api/v1/events", json={"events": [event]}, headers=mallory)
    again = await client.post("/api/v1/events", json={"events": [event]}, headers=mallory)
    assert (first.json()["accepted"], again.json()["duplicates"]) == (1, 1)
    mine = await client.post("/api/v1/events", json={"events": [event]}, headers=alice)
    assert mine.json() == {"accepted": 1, "duplicates": 0, "rejected": []}, mine.text
    retry = await client.post("/api/v1/events", json={"events": [event]}, headers=alice)
    assert retry.json()["duplicates"] == 1, retry.text
    listed = (await client.get("/api/v1/events", headers=alice)).json()["items"]
    assert len(listed) == 1 and listed[0]["path"] == "src/a.py"


async def sessions_end_when_they_should(client: AsyncClient) -> None:
    """Defect 7: logout and a password change end access tokens at once; parallel refreshes
    of one token all succeed with the same new refresh token."""
    headers, tokens = await _user(client)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    r = await client.post(
        "/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}, headers=headers
    )
    assert r.status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401
    email = tokens["email"]
    login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    other = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    client.cookies.clear()
    mine = {"Authorization": f"Bearer {login.json()['access_token']}"}
    theirs = {"Authorization": f"Bearer {other.json()['access_token']}"}
    change = {"password": PASSWORD + "-2", "current_password": PASSWORD}
    assert (await client.patch("/api/v1/auth/me", json=change, headers=mine)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=theirs)).status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=mine)).status_code == 200
    body = {"refresh_token": login.json()["refresh_token"]}
    results = await asyncio.gather(
        *(client.post("/api/v1/auth/refresh", json=body) for _ in range(3))
    )
    client.cookies.clear()
    assert [r.status_code for r in results] == [200, 200, 200], [r.text for r in results]
    assert len({r.json()["refresh_token"] for r in results}) == 1


async def contract_statuses_and_methods(client: AsyncClient) -> None:
    """Defect 8: 405 (not 401) with every allowed method; malformed JSON is 400."""
    r = await client.get("/api/v1/workflows/audit")
    assert r.status_code == 405 and r.headers["allow"] == "POST", (r.status_code, r.headers)
    r = await client.delete("/api/v1/audits")
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"
    r = await client.post(
        "/api/v1/auth/login", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_body"


ALL: dict[str, Probe] = {
    "regex-dos": catastrophic_regex_finishes,
    "server-redaction": client_secrets_are_scrubbed,
    "malformed-input": malformed_input_is_4xx,
    "huge-collections": huge_collections_are_rejected_early,
    "event-id-scope": event_ids_are_scoped_per_user,
    "sessions": sessions_end_when_they_should,
    "contract": contract_statuses_and_methods,
}
