"""Delivery against a real in-process HTTP stub: outages, exactly-once, rejections, auth."""

from __future__ import annotations

import json
from typing import Any

from aura_cli.config import credentials, settings
from aura_cli.main import app
from aura_cli.services.delivery import deliver
from aura_cli.services.event_queue import EventQueue, queue_path
from aura_cli.services.events import EventFactory
from typer.testing import CliRunner

runner = CliRunner()


def _queue_events(n: int, event_type: str = "audit.passed") -> list[str]:
    factory = EventFactory("acme/app")
    events = [factory.make(event_type, path="src/a.py", data={"i": i}) for i in range(n)]
    with EventQueue(queue_path()) as q:
        q.append(events)
    return [e["id"] for e in events]


def test_events_survive_an_outage_and_arrive_exactly_once(api: Any, h: Any) -> None:
    ids = _queue_events(3)
    credentials.save_token("default", h.token, api.url)
    api.mode = "503"
    with EventQueue(queue_path()) as q:
        result = deliver(q, api.url, h.token)
        assert result.error and "unavailable" in result.error
        assert result.remaining == 3 and api.events == {}
        assert q.due() == []  # backed off
        assert q.get_meta("last_error") == result.error
        q.conn.execute("UPDATE events SET next_attempt_at = 0")  # time passes
    api.mode = "up"
    with EventQueue(queue_path()) as q:
        result = deliver(q, api.url, h.token)
        assert (result.sent, result.accepted, result.remaining) == (3, 3, 0)
        assert deliver(q, api.url, h.token).sent == 0
    assert sorted(api.events) == sorted(ids)
    assert api.posts == 1


def test_connection_refused_keeps_events_queued(h: Any) -> None:
    _queue_events(2)
    with EventQueue(queue_path()) as q:
        result = deliver(q, h.unused_url(), h.token)
        assert result.error and "unreachable" in result.error
        assert q.counts()["pending"] == 2


def test_redelivery_after_lost_response_counts_as_duplicate(api: Any, h: Any) -> None:
    ids = _queue_events(2)
    with EventQueue(queue_path()) as q:
        batch = q.due()
    from aura_cli.services import http

    http.request("POST", api.url + "/api/v1/events", token=h.token, payload={"events": batch})
    with EventQueue(queue_path()) as q:
        result = deliver(q, api.url, h.token)
    assert (result.accepted, result.duplicates, result.remaining) == (0, 2, 0)
    assert sorted(api.events) == sorted(ids)


def test_batches_are_at_most_500(api: Any, h: Any) -> None:
    _queue_events(1203)
    with EventQueue(queue_path()) as q:
        result = deliver(q, api.url, h.token)
    assert result.accepted == 1203 and api.posts == 3


def test_rejected_events_are_marked_dead_with_their_error(api: Any, h: Any) -> None:
    _queue_events(2)
    bad = _queue_events(1, event_type="bogus.type")
    api.reject_types = {"bogus.type"}
    with EventQueue(queue_path()) as q:
        result = deliver(q, api.url, h.token)
        assert (result.accepted, result.rejected, result.remaining) == (2, 1, 0)
        assert q.dead_events() == [(bad[0], "invalid: bad type")]


def test_sync_command_reports_counts_and_no_team(api: Any, h: Any) -> None:
    _queue_events(4)
    credentials.save_token("default", h.token, api.url)
    runner.invoke(app, ["config", "set", "api_url", api.url])
    result = runner.invoke(app, ["sync", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sent"] == 4 and data["accepted"] == 4 and data["remaining"] == 0
    assert data["knowledge_map"]["state"] == "no-team"
    text = runner.invoke(app, ["sync"])
    assert "sent 0" in text.stdout and "remaining" in text.stdout
    assert "not in a team yet" in text.stdout


def test_sync_when_down_exits_1_and_keeps_events(api: Any, h: Any) -> None:
    _queue_events(1)
    credentials.save_token("default", h.token, api.url)
    runner.invoke(app, ["config", "set", "api_url", api.url])
    api.mode = "503"
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 1
    assert "stay queued" in result.stderr
    with EventQueue(queue_path()) as q:
        assert q.counts()["pending"] == 1


def test_login_verifies_token_and_whoami_logout(api: Any, h: Any) -> None:
    bad = runner.invoke(app, ["login", "--api-url", api.url, "--token", "wrong"])
    assert bad.exit_code == 1 and "refused" in bad.stderr
    assert not credentials.credentials_path().exists()
    ok = runner.invoke(app, ["login", "--api-url", api.url, "--token", h.token])
    assert ok.exit_code == 0, ok.output
    assert "ada@example.com" in ok.stdout
    who = runner.invoke(app, ["whoami", "--format", "json"])
    assert json.loads(who.stdout)["user"]["email"] == "ada@example.com"
    assert runner.invoke(app, ["logout"]).exit_code == 0
    assert runner.invoke(app, ["whoami"]).exit_code == 1


def test_login_reads_token_from_stdin_when_not_a_tty(api: Any, h: Any) -> None:
    result = runner.invoke(app, ["login", "--api-url", api.url], input=h.token + "\n")
    assert result.exit_code == 0, result.output
    assert credentials.resolve_token(settings.load_config())[0] == h.token


def test_doctor_reports_server_queue_and_last_error(api: Any, h: Any) -> None:
    runner.invoke(app, ["config", "set", "api_url", api.url])
    credentials.save_token("default", h.token, api.url)
    _queue_events(2)
    result = runner.invoke(app, ["doctor", "--format", "json"])
    checks = {c["check"]: c for c in json.loads(result.stdout)}
    assert checks["server"]["status"] == "ok"
    assert "2 pending" in checks["queue"]["detail"]
    api.mode = "503"
    runner.invoke(app, ["sync"])
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "unavailable" in result.stdout
