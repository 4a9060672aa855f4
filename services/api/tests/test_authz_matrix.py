"""Every endpoint x {anonymous, member, lead, member of another team, admin}.

Each cell runs in a fresh world so no call depends on another's side effects. A final test
fails when an endpoint exists that the matrix does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from api_factories import Account, add_member, make_api_token, make_team, make_user
from event_factories import event
from fastapi import FastAPI
from fastapi.routing import APIRoute
from httpx import AsyncClient

ACTORS = ("anonymous", "member", "lead", "outsider", "admin")


@dataclass
class World:
    team: str
    admin: Account
    lead: Account
    member: Account
    extra: Account
    outsider: Account
    newcomer: Account
    admin_token_id: str


async def build_world(client: AsyncClient) -> World:
    admin, lead, member, extra, outsider, newcomer = [await make_user(client) for _ in range(6)]
    team = await make_team(client, admin)
    await add_member(client, team, admin, lead, "lead")
    await add_member(client, team, admin, member)
    await add_member(client, team, admin, extra)
    await make_team(client, outsider)
    token = await make_api_token(client, admin)
    return World(team, admin, lead, member, extra, outsider, newcomer, token["id"])


# (method, path template, body, expected status per actor in ACTORS order)
MATRIX: list[tuple[str, str, Any, tuple[int, int, int, int, int]]] = [
    ("GET", "/health/live", None, (200, 200, 200, 200, 200)),
    ("GET", "/health/ready", None, (200, 200, 200, 200, 200)),
    ("POST", "/api/v1/auth/register", "new-account", (201, 201, 201, 201, 201)),
    ("POST", "/api/v1/auth/login", "login", (200, 200, 200, 200, 200)),
    ("POST", "/api/v1/auth/refresh", {}, (401, 401, 401, 401, 401)),
    ("POST", "/api/v1/auth/logout", {}, (204, 204, 204, 204, 204)),
    ("GET", "/api/v1/auth/me", None, (401, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/auth/me", {"display_name": "x"}, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/tokens", {"name": "t"}, (401, 201, 201, 201, 201)),
    ("GET", "/api/v1/tokens", None, (401, 200, 200, 200, 200)),
    ("DELETE", "/api/v1/tokens/{admin_token}", None, (401, 404, 404, 404, 204)),
    ("POST", "/api/v1/teams", {"name": "New"}, (401, 201, 201, 201, 201)),
    ("GET", "/api/v1/teams", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/teams/{team}", None, (401, 200, 200, 404, 200)),
    ("PATCH", "/api/v1/teams/{team}", {"name": "Renamed"}, (401, 403, 403, 404, 200)),
    ("DELETE", "/api/v1/teams/{team}", None, (401, 403, 403, 404, 204)),
    ("GET", "/api/v1/teams/{team}/members", None, (401, 200, 200, 404, 200)),
    ("POST", "/api/v1/teams/{team}/members", "add-newcomer", (401, 403, 201, 404, 201)),
    ("PATCH", "/api/v1/teams/{team}/members/{extra}", {"role": "lead"}, (401, 403, 403, 404, 200)),
    ("DELETE", "/api/v1/teams/{team}/members/{extra}", None, (401, 403, 204, 404, 204)),
    ("POST", "/api/v1/teams/{team}/leave", None, (401, 204, 204, 404, 409)),
    ("POST", "/api/v1/events", "one-event", (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/events", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/events?team_id={team}", None, (401, 200, 200, 404, 200)),
    ("GET", "/api/v1/rules", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/rules?team_id={team}", None, (401, 200, 200, 404, 200)),
    ("GET", "/api/v1/knowledge-map?team_id={team}", None, (401, 200, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/knowledge", None, (401, 200, 200, 404, 200)),
    ("PUT", "/api/v1/teams/{team}/knowledge", {"rules_yaml": ""}, (401, 403, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/knowledge/export", None, (401, 200, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/knowledge/versions", None, (401, 200, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/knowledge/versions/{version}", None, (401, 200, 200, 404, 200)),
    (
        "POST",
        "/api/v1/teams/{team}/knowledge/versions/{version}/rollback",
        None,
        (401, 403, 201, 404, 201),
    ),
    (
        "GET",
        "/api/v1/analytics/users/{extra}/skill-tree?team_id={team}",
        None,
        (401, 403, 200, 404, 200),
    ),
    ("GET", "/api/v1/teams/{team}/analytics/overview", None, (401, 403, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/analytics/hotspots", None, (401, 403, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/analytics/rule-precision", None, (401, 403, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/analytics/suppressions", None, (401, 403, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/analytics/lesson-efficacy", None, (401, 403, 200, 404, 200)),
    ("POST", "/api/v1/audits", "one-audit", (401, 201, 201, 201, 201)),
    ("GET", "/api/v1/audits", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/audits?team_id={team}", None, (401, 200, 200, 404, 200)),
    ("GET", "/api/v1/audits/{audit}", None, (401, 200, 200, 404, 200)),
    ("POST", "/api/v1/teams/{team}/webhooks", "webhook", (401, 403, 201, 404, 201)),
    ("GET", "/api/v1/teams/{team}/webhooks", None, (401, 403, 200, 404, 200)),
    ("GET", "/api/v1/teams/{team}/webhooks/{webhook}", None, (401, 403, 200, 404, 200)),
    (
        "PATCH",
        "/api/v1/teams/{team}/webhooks/{webhook}",
        {"active": False},
        (401, 403, 200, 404, 200),
    ),
    ("DELETE", "/api/v1/teams/{team}/webhooks/{webhook}", None, (401, 403, 204, 404, 204)),
    ("POST", "/api/v1/teams/{team}/webhooks/{webhook}/test", None, (401, 403, 200, 404, 200)),
    (
        "GET",
        "/api/v1/teams/{team}/activity/stream?max_seconds=0.05",
        None,
        (401, 403, 200, 404, 200),
    ),
    ("GET", "/api/v1/teams/{team}/webhooks/{webhook}/deliveries", None, (401, 403, 200, 404, 200)),
    ("POST", "/api/v1/workflows/audit", {"diff": ""}, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/workflows/struggle", {"signals": {"a": 0.9}}, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/workflows", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/workflows/{run}", None, (401, 200, 404, 404, 404)),
    ("GET", "/api/v1/workflows/{run}/stream", None, (401, 200, 404, 404, 404)),
    ("GET", "/api/v1/lessons", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/lessons/python-name-error", None, (401, 200, 200, 200, 200)),
]


async def _lazy_ids(client: AsyncClient, world: World, path: str) -> dict[str, str]:
    """Objects only some rows need, created on demand so the other cells stay cheap."""
    ids: dict[str, str] = {}
    if "{version}" in path:
        body = {"rules_yaml": "version: 1\n", "message": "first"}
        url = f"/api/v1/teams/{world.team}/knowledge"
        r = await client.put(url, json=body, headers=world.admin.headers)
        ids["version"] = str(r.json()["version"])
    if "{audit}" in path:
        body = {"version": 1, "status": "pass", "findings": [], "source": "cli"}
        r = await client.post("/api/v1/audits", json=body, headers=world.member.headers)
        ids["audit"] = r.json()["id"]
    if "{webhook}" in path:  # port 9 refuses at once: a test delivery fails fast, offline
        body = {"url": "http://127.0.0.1:9/hook", "events": ["weekly_digest"]}
        r = await client.post(
            f"/api/v1/teams/{world.team}/webhooks", json=body, headers=world.admin.headers
        )
        ids["webhook"] = r.json()["id"]
    if "{run}" in path:
        body = {"signals": {"repeat_error": 0.9}, "errors": ["KeyError: 'x'"]}
        r = await client.post("/api/v1/workflows/struggle", json=body, headers=world.member.headers)
        ids["run"] = r.json()["run_id"]
    return ids


def _headers(world: World, actor: str) -> dict[str, str]:
    return {} if actor == "anonymous" else getattr(world, actor).headers


def _body(world: World, actor: str, spec: Any) -> Any:
    if spec == "new-account":
        return {"email": f"fresh-{actor}@example.com", "password": "correct-horse-battery"}
    if spec == "login":
        who = world.admin if actor == "anonymous" else getattr(world, actor)
        return {"email": who.email, "password": who.password}
    if spec == "add-newcomer":
        return {"email": world.newcomer.email, "role": "member"}
    if spec == "one-event":
        return {"events": [event()]}
    if spec == "webhook":
        return {"url": "http://127.0.0.1:9/hook", "events": ["weekly_digest"]}
    if spec == "one-audit":
        return {"version": 1, "status": "pass", "findings": [], "source": "cli"}
    return spec


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=str)
@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
async def test_authorization_matrix(
    client: AsyncClient,
    method: str,
    path: str,
    body: Any,
    expected: tuple[int, ...],
    actor_index: int,
) -> None:
    actor = ACTORS[actor_index]
    world = await build_world(client)
    ids = await _lazy_ids(client, world, path)
    url = path.format(
        team=world.team, extra=world.extra.id, admin_token=world.admin_token_id, **ids
    )
    payload = _body(world, actor, body)
    r = await client.request(
        method, url, headers=_headers(world, actor), json=payload if payload is not None else None
    )
    client.cookies.clear()
    assert r.status_code == expected[actor_index], (actor, method, url, r.text)
    if r.status_code >= 400:
        assert set(r.json()["error"]) == {"code", "message", "details", "request_id"}


async def test_matrix_covers_every_endpoint(app: FastAPI) -> None:
    routes = {
        (method, route.path)
        for route in app.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    covered = {
        (method, path.replace("{team}", "{team_id}").replace("{extra}", "{user_id}").replace(
            "{admin_token}", "{token_id}"))
        for method, path, _, _ in MATRIX
    }  # fmt: skip
    covered = {
        (
            method,
            path.partition("?")[0]
            .replace("{audit}", "{audit_id}")
            .replace("{webhook}", "{webhook_id}"),
        )
        for method, path in covered
    }
    assert routes - covered == set(), "add the new endpoints to the authorization matrix"
