"""Acceptance: one knowledge map on every surface, with the real CLI and the real API on PostgreSQL.

A lead publishes a team rule and its lesson; a developer's `aura sync` pulls them; the git hook
then blocks a commit with that rule, `aura learn` shows the lesson, the server lists the audit
and counts the block in rule precision. With the server gone the cached rule still blocks, and
a damaged cache file falls back to the last good version of the map.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

BIN = Path(sys.executable).parent
EMPTY_GITCONFIG = Path(__file__).with_name("empty.gitconfig")
PG = os.environ.get("AURA_TEST_PG", "postgres@127.0.0.1:5432")
PASSWORD = "correct-horse-battery"

RULES_V1 = """version: 1
team_rules:
  - id: acme/no-password-print
    pattern: 'print\\(.*password'
    message: Never print a password (v1)
    fix: Log that a login happened, never the secret
    severity: error
    lesson: acme-passwords
    examples:
      positive: [{path: a.py, code: "print(password)\\n"}]
      negative: [{path: a.py, code: "print(user)\\n"}]
"""
RULES_V2 = RULES_V1.replace("(v1)", "(v2)")
LESSON = """---
id: acme-passwords
title: Passwords never reach a log
rules: [acme/no-password-print]
languages: [python]
level: beginner
tags: [security]
---

# Passwords never reach a log

Terminal scrollback and log shippers keep everything you print, for years.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _database(name: str, *, drop: bool) -> None:
    import asyncpg

    admin = await asyncpg.connect(f"postgresql://{PG}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


class Server:
    """`aura-api serve` on its own PostgreSQL database (migrated first)."""

    def __init__(self, database_url: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AURA_")}
        self.env |= {"AURA_DATABASE_URL": database_url, "AURA_ARGON2_MEMORY_KIB": "1024",
                     "AURA_LOG_LEVEL": "WARNING"}  # fmt: skip
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        migrated = subprocess.run(
            [str(BIN / "aura-api"), "migrate"], env=self.env, capture_output=True, check=False
        )
        assert migrated.returncode == 0, migrated.stderr
        self.proc = subprocess.Popen(
            [str(BIN / "aura-api"), "serve", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health/ready", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("aura-api did not become ready")

    def stop(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
            self.proc = None


@pytest.fixture
def server() -> Iterator[Server]:
    name = f"aura_e2e_{uuid.uuid4().hex[:10]}"
    asyncio.run(_database(name, drop=False))
    srv = Server(f"postgresql+asyncpg://{PG}/{name}")
    try:
        srv.start()
        yield srv
    finally:
        srv.stop()
        asyncio.run(_database(name, drop=True))


def _account(api: httpx.Client, email: str) -> dict[str, str]:
    assert api.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD}).is_success
    login = api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    api.cookies.clear()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


class Developer:
    """The real `aura` command in a repository of its own, with an isolated Aura folder."""

    def __init__(self, root: Path) -> None:
        self.home = root / "aura-home"
        self.repo = root / "repo"
        self.repo.mkdir()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("AURA_", "GIT_"))}
        self.env |= {"AURA_HOME": str(self.home), "AURA_NO_BACKGROUND_SYNC": "1",
                     "AURA_SYNC_BOOKKEEPING": "1", "NO_COLOR": "1",
                     "GIT_CONFIG_GLOBAL": str(EMPTY_GITCONFIG), "GIT_CONFIG_NOSYSTEM": "1",
                     "GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.com",
                     "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.com"}  # fmt: skip
        self.git("init", "-q", "-b", "main")

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), cwd=self.repo, env=self.env, input=stdin, capture_output=True,
            text=True, timeout=120, check=False,
        )  # fmt: skip

    def aura(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return self.run(str(BIN / "aura"), *args, stdin=stdin)

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("git", *args)

    def try_commit(self, name: str, text: str) -> subprocess.CompletedProcess[str]:
        (self.repo / name).write_text(text)
        self.git("add", name)
        return self.git("commit", "-qm", f"add {name}")


def _poll(check: object, timeout: float = 60) -> object:
    deadline = time.monotonic() + timeout
    while True:
        found = check()  # type: ignore[operator]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def _publish(api: httpx.Client) -> tuple[str, dict[str, str], dict[str, str], str]:
    """A lead, a developer in the lead's team, the map v1 and the developer's API token."""
    lead = _account(api, "lead@example.com")
    dev_auth = _account(api, "dev@example.com")
    team = api.post("/api/v1/teams", json={"name": "Acme"}, headers=lead).json()["id"]
    added = api.post(
        f"/api/v1/teams/{team}/members", json={"email": "dev@example.com"}, headers=lead
    )
    assert added.status_code == 201, added.text
    put = api.put(
        f"/api/v1/teams/{team}/knowledge",
        json={"rules_yaml": RULES_V1, "lessons": {"acme-passwords": LESSON}},
        headers=lead,
    )
    assert put.status_code == 200, put.text
    token = api.post("/api/v1/tokens", json={"name": "cli"}, headers=dev_auth).json()["token"]
    return team, lead, dev_auth, token


def _server_saw_the_block(api: httpx.Client, team: str, lead: dict[str, str],
                          dev_auth: dict[str, str]) -> None:  # fmt: skip
    audits = api.get("/api/v1/audits", params={"status": "fail"}, headers=dev_auth).json()
    assert audits["total"] >= 1
    detail = api.get(f"/api/v1/audits/{audits['items'][0]['id']}", headers=dev_auth).json()
    assert "acme/no-password-print" in {f["rule_id"] for f in detail["findings"]}

    def blocked_count() -> int:
        rows = api.get(f"/api/v1/teams/{team}/analytics/rule-precision", headers=lead).json()
        return sum(r["blocked"] for r in rows["items"] if r["rule_id"] == "acme/no-password-print")

    assert _poll(blocked_count) == 1  # aggregated by the API's background worker


def test_a_team_rule_reaches_the_hook_and_the_server_sees_it_block(
    server: Server, tmp_path: Path
) -> None:
    api = httpx.Client(base_url=server.url, timeout=30)
    team, lead, dev_auth, token = _publish(api)
    dev = Developer(tmp_path)
    login = dev.aura("login", "--api-url", server.url, "--token", "-", stdin=token + "\n")
    assert login.returncode == 0, login.stderr
    synced = dev.aura("sync", "--format", "json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert json.loads(synced.stdout)["knowledge_map"]["version"] == 1
    assert dev.aura("hook", "install").returncode == 0

    blocked = dev.try_commit("login.py", 'def login(password):\n    print("pw", password)\n')
    assert blocked.returncode != 0
    assert "Never print a password (v1)" in blocked.stdout + blocked.stderr
    lesson = dev.aura("learn", "acme/no-password-print")
    assert lesson.returncode == 0 and "Passwords never reach a log" in lesson.stdout
    rules = json.loads(dev.aura("rules", "list", "--format", "json").stdout)
    assert {r["id"]: r["source"] for r in rules}["acme/no-password-print"] == "team v1"
    delivered = dev.aura("sync", "--format", "json")
    assert delivered.returncode == 0, delivered.stderr
    assert json.loads(delivered.stdout)["audits_sent"] >= 1
    _server_saw_the_block(api, team, lead, dev_auth)

    # The lead publishes version 2; the developer syncs, so version 1 is the last good one.
    put = api.put(
        f"/api/v1/teams/{team}/knowledge",
        json={"rules_yaml": RULES_V2, "lessons": {"acme-passwords": LESSON}, "base_version": 1},
        headers=lead,
    )
    assert put.status_code == 200, put.text
    assert json.loads(dev.aura("sync", "--format", "json").stdout)["knowledge_map"]["version"] == 2
    server.stop()  # offline from here on: the cached map keeps enforcing the rule
    _offline_and_damaged(dev)


def _offline_and_damaged(dev: Developer) -> None:
    offline = dev.try_commit("again.py", 'password = input()\nprint("pw:", password)\n')
    assert offline.returncode != 0
    assert "Never print a password (v2)" in offline.stdout + offline.stderr
    caches = list((dev.home / "knowledge").glob("*/*/map.json"))
    assert len(caches) == 1
    caches[0].write_text('{"checksum": "sha256:0", "payload": {"format": 1, "version": 2')
    damaged = dev.try_commit("third.py", "def f(password):\n    print(password)\n")
    assert damaged.returncode != 0
    assert "Never print a password (v1)" in damaged.stdout + damaged.stderr
    doctor = json.loads(dev.aura("doctor", "--format", "json").stdout)
    check = {c["check"]: c for c in doctor}["knowledge map"]
    assert check["status"] == "warn" and "version 1" in check["detail"]
