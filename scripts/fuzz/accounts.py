"""Create, through the API itself, the world the fuzzer and the probes need on any deployment:
an admin, a lead and a member of one team (each with a personal API token), a knowledge
version, an audit, events, a workflow run and a webhook."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

PASSWORD = "fuzz-" + secrets.token_urlsafe(12)
ROLES = ("anonymous", "member", "lead", "admin")


@dataclass
class World:
    base: str
    tokens: dict[str, str] = field(default_factory=dict)  # role -> personal API token
    access: dict[str, str] = field(default_factory=dict)  # role -> access token (JWT)
    emails: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, str] = field(default_factory=dict)
    team_id: str = ""
    audit_id: str = ""
    run_id: str = ""
    webhook_id: str | None = None

    def headers(self, role: str) -> dict[str, str]:
        token = self.tokens.get(role)
        return {"Authorization": f"Bearer {token}"} if token else {}


def _ok(r: httpx.Response) -> httpx.Response:
    if r.status_code >= 300:
        raise RuntimeError(f"{r.request.method} {r.request.url.path} -> {r.status_code}: {r.text}")
    return r


def _account(client: httpx.Client, world: World, role: str) -> None:
    email = f"{role}-{secrets.token_hex(4)}@example.com"
    body = {"email": email, "password": PASSWORD, "display_name": f"fuzz {role}"}
    world.user_ids[role] = _ok(client.post("/api/v1/auth/register", json=body)).json()["id"]
    login = _ok(client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}))
    client.cookies.clear()
    world.emails[role] = email
    world.access[role] = login.json()["access_token"]
    auth = {"Authorization": f"Bearer {world.access[role]}"}
    pat = _ok(client.post("/api/v1/tokens", json={"name": f"fuzz {role}"}, headers=auth))
    world.tokens[role] = pat.json()["token"]


def build_world(base: str) -> World:
    """Accounts with roles in one team, and one of each resource the paths name."""
    world = World(base=base)
    with httpx.Client(base_url=base, timeout=60) as client:
        for role in ("admin", "lead", "member"):
            _account(client, world, role)
        admin = world.headers("admin")
        team = _ok(client.post("/api/v1/teams", json={"name": "Fuzz team"}, headers=admin))
        world.team_id = team.json()["id"]
        for role in ("lead", "member"):
            body = {"email": world.emails[role], "role": role}
            _ok(client.post(f"/api/v1/teams/{world.team_id}/members", json=body, headers=admin))
        rules = (
            "version: 1\nteam_rules:\n  - id: team/no-fixme\n    pattern: FIXME\n    message: m\n"
        )
        _ok(
            client.put(
                f"/api/v1/teams/{world.team_id}/knowledge",
                json={"rules_yaml": rules, "message": "fuzz"},
                headers=admin,
            )
        )
        member = world.headers("member")
        now = datetime.now(UTC).isoformat()
        events = [
            {"id": str(uuid.uuid4()), "type": "audit.finding", "source": "cli", "occurred_at": now,
             "repo": "fuzz/repo", "path": "src/a.py", "rule_id": "python/debug-print"}
            for _ in range(3)
        ]  # fmt: skip
        _ok(client.post("/api/v1/events", json={"events": events}, headers=member))
        audit = {"version": 1, "status": "pass", "findings": [], "source": "cli",
                 "team_id": world.team_id}  # fmt: skip
        world.audit_id = _ok(client.post("/api/v1/audits", json=audit, headers=member)).json()["id"]
        run = client.post(
            "/api/v1/workflows/audit", json={"diff": "", "explain": False}, headers=member
        )
        world.run_id = _ok(run).json()["run_id"]
        hook = client.post(
            f"/api/v1/teams/{world.team_id}/webhooks",
            json={"url": "http://127.0.0.1:9/fuzz-hook", "events": ["weekly_digest"]},
            headers=admin,
        )
        if hook.status_code == 201:  # a deployment may refuse private targets
            world.webhook_id = hook.json()["id"]
    return world
