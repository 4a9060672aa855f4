"""End to end: the real `aura` CLI delivers its queued events to the real API, exactly once.

The API runs as `aura-api serve` (embedded SQLite); the CLI runs as the installed `aura` command
in a real git repository. The server is stopped while events are queued and started again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

BIN = Path(sys.executable).parent
# An empty file, not /dev/null: git rejects a character device as its global config on some hosts.
EMPTY_GITCONFIG = Path(__file__).with_name("empty.gitconfig")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`aura-api serve` on a data folder that survives restarts."""

    def __init__(self, data_dir: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AURA_")}
        env |= {"AURA_DATA_DIR": str(self.data_dir), "AURA_ARGON2_MEMORY_KIB": "1024",
                "AURA_LOG_LEVEL": "WARNING"}  # fmt: skip
        self.proc = subprocess.Popen(
            [str(BIN / "aura-api"), "serve", "--port", str(self.port)],
            env=env,
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
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "api-data")
    srv.start()
    yield srv
    srv.stop()


def _aura(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AURA_", "GIT_"))}
    # AURA_SYNC_BOOKKEEPING: queue events before exiting, so the next command sees them.
    env |= {"AURA_HOME": str(home), "AURA_NO_BACKGROUND_SYNC": "1", "NO_COLOR": "1",
            "AURA_SYNC_BOOKKEEPING": "1",
            "GIT_CONFIG_GLOBAL": str(EMPTY_GITCONFIG), "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip
    return subprocess.run(
        [str(BIN / "aura"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _git(repo: Path, *args: str) -> None:
    done = subprocess.run(
        ["git", "-c", "user.name=Dev", "-c", "user.email=dev@example.com", *args],
        cwd=repo, check=False, capture_output=True, text=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": str(EMPTY_GITCONFIG), "GIT_CONFIG_NOSYSTEM": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_queued_events_survive_an_outage_and_arrive_exactly_once(
    server: Server, tmp_path: Path
) -> None:
    api = httpx.Client(base_url=server.url, timeout=30)
    account = {"email": "dev@example.com", "password": "correct-horse-battery"}
    assert api.post("/api/v1/auth/register", json=account).status_code == 201
    access = api.post("/api/v1/auth/login", json=account).json()["access_token"]
    bearer = {"Authorization": f"Bearer {access}"}
    token = api.post("/api/v1/tokens", json={"name": "e2e"}, headers=bearer).json()["token"]

    home = tmp_path / "aura-home"
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    login = _aura(["login", "--api-url", server.url, "--token", token], repo, home)
    assert login.returncode == 0, login.stderr

    # Two audits while the server is up but before any sync: events wait in the local queue.
    (repo / "app.py").write_text("def handler(x):\n    print(x)\n    return x\n")
    _git(repo, "add", "app.py")
    first = _aura(["audit", "--staged", "--fail-on", "warning"], repo, home)
    assert first.returncode in (0, 1), first.stderr
    (repo / "util.py").write_text("VALUE = 1\n")
    _git(repo, "add", "util.py")
    assert _aura(["audit", "--staged"], repo, home).returncode in (0, 1)

    server.stop()
    down = _aura(["sync", "--format", "json"], repo, home)
    assert down.returncode == 1
    import json

    queued = json.loads(down.stdout)["remaining"]
    assert queued >= 2  # at least one outcome event per audit, none lost

    server.start()
    up = _aura(["sync", "--format", "json"], repo, home)
    assert up.returncode == 0, up.stderr
    result = json.loads(up.stdout)
    assert result["remaining"] == 0
    assert result["accepted"] == queued

    again = json.loads(_aura(["sync", "--format", "json"], repo, home).stdout)
    assert again["sent"] == 0

    api = httpx.Client(base_url=server.url, timeout=30)
    access = api.post("/api/v1/auth/login", json=account).json()["access_token"]
    feed = api.get("/api/v1/events?limit=200", headers={"Authorization": f"Bearer {access}"})
    assert feed.status_code == 200, feed.text
    items = feed.json()["items"]
    assert len(items) == queued
    assert len({e["id"] for e in items}) == queued
    assert {e["source"] for e in items} == {"cli"}
