"""Shared fixtures: isolated AURA_HOME, hermetic git, real repositories, a contract API stub."""

from __future__ import annotations

import hashlib
import json
import random
import string
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

TOKEN = "aura_pat_test_token"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own AURA_HOME and a git that ignores global and system config."""
    home = tmp_path / "aura-home"
    monkeypatch.setenv("AURA_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # An empty file, not os.devnull: a git write to the "global" config would replace the device.
    global_config = tmp_path / "empty.gitconfig"
    global_config.touch()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(global_config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ada Tester")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ada@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Ada Tester")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "ada@example.com")
    monkeypatch.setenv("AURA_NO_BACKGROUND_SYNC", "1")
    # Subprocess tests read the queue right after the command: keep bookkeeping in the foreground.
    monkeypatch.setenv("AURA_SYNC_BOOKKEEPING", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("AURA_API_KEY", "AURA_API_URL", "AURA_PROFILE", "AURA_HASH_PATHS", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return home


def git(repo: Path, *args: str, check: bool = True, stdin: str | None = None) -> str:
    """Run git in `repo` and return stdout (raises with stderr on failure when `check`)."""
    proc = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, input=stdin, check=False
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`git commit` as a subprocess (so installed hooks really run); never raises."""
    return subprocess.run(
        ["git", "commit", *args], cwd=repo, capture_output=True, text=True, check=False
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh repository on branch main with no commits; the cwd of the test."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "-c", "init.defaultBranch=main", "init", "-q")
    monkeypatch.chdir(path)
    return path


def fake_aws_key(seed: int = 7) -> str:
    """A synthetic AWS access key id (AKIA + 16 uppercase alphanumerics), built at run time."""
    rng = random.Random(seed)
    return "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))


def write(repo: Path, rel: str, text: str) -> Path:
    """Write a file in the repository, creating folders."""
    target = repo / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


TEAM_ID = "7d0c6a52-53f4-4a4e-9d43-5b2b8f0e2c11"


class ApiStub:
    """In-process HTTP server implementing the contract of engine-api.md: events, audits,
    auth/me, teams and the knowledge map (with ETag and 304)."""

    def __init__(self) -> None:
        self.events: dict[str, dict[str, Any]] = {}
        self.audits: dict[str, dict[str, Any]] = {}
        self.posts = 0
        self.mode = "up"  # up | 503
        self.reject_types: set[str] = set()
        self.teams: list[dict[str, Any]] = []
        self.knowledge: dict[str, Any] | None = None  # the team's map document
        self.map_gets: list[str | None] = []  # If-None-Match of each knowledge-map GET
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                raw = json.dumps(body).encode() if status != 304 else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _error(self, status: int, code: str, message: str) -> None:
                envelope = {"code": code, "message": message, "details": {}, "request_id": "r1"}
                self._send(status, {"error": envelope})

            def _authorized(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self._error(401, "unauthorized", "invalid token")
                    return False
                return True

            def do_GET(self) -> None:
                if stub.mode == "503":
                    return self._error(503, "unavailable", "down")
                if self.path == "/health/live":
                    return self._send(200, {"status": "ok"})
                if self.path == "/api/v1/auth/me":
                    if self._authorized():
                        self._send(
                            200, {"id": "u-1", "email": "ada@example.com", "display_name": "Ada"}
                        )
                    return None
                if self.path.startswith("/api/v1/teams"):
                    if self._authorized():
                        self._send(200, {"items": stub.teams, "total": len(stub.teams)})
                    return None
                if self.path.startswith("/api/v1/knowledge-map"):
                    if not self._authorized():
                        return None
                    stub.map_gets.append(self.headers.get("If-None-Match"))
                    if stub.knowledge is None:
                        return self._error(404, "team_not_found", "no such team")
                    tag = '"' + hashlib.sha256(json.dumps(stub.knowledge).encode()).hexdigest()[:20]
                    tag += '"'
                    if self.headers.get("If-None-Match") == tag:
                        return self._send(304, None, {"ETag": tag})
                    return self._send(200, stub.knowledge, {"ETag": tag})
                return self._error(404, "not_found", "no such route")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if stub.mode == "503":
                    return self._error(503, "unavailable", "down")
                if self.path == "/api/v1/audits":
                    if not self._authorized():
                        return None
                    known = body["id"] in stub.audits
                    stub.audits[body["id"]] = body
                    return self._send(200 if known else 201, {"id": body["id"]})
                if self.path != "/api/v1/events":
                    return self._error(404, "not_found", "no such route")
                if not self._authorized():
                    return None
                events = body.get("events") or []
                if not 1 <= len(events) <= 500:
                    return self._error(413, "too_large", "1..500 events")
                stub.posts += 1
                accepted = duplicates = 0
                rejected = []
                for index, event in enumerate(events):
                    if event.get("type") in stub.reject_types:
                        rejected.append(
                            {
                                "index": index,
                                "id": event.get("id"),
                                "error": {"code": "invalid", "message": "bad type"},
                            }
                        )
                    elif event["id"] in stub.events:
                        duplicates += 1
                    else:
                        stub.events[event["id"]] = event
                        accepted += 1
                return self._send(
                    200, {"accepted": accepted, "duplicates": duplicates, "rejected": rejected}
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api() -> Iterator[ApiStub]:
    """A running contract stub of the Aura API."""
    stub = ApiStub()
    yield stub
    stub.close()


def unused_url() -> str:
    """A URL on which nothing listens (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def h() -> Any:
    """The helper functions above (tests cannot import conftest under importlib mode)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        git=git,
        commit=commit,
        write=write,
        fake_aws_key=fake_aws_key,
        unused_url=unused_url,
        token=TOKEN,
        team_id=TEAM_ID,
    )
