"""The SQLite event queue: idempotent append, due selection, backoff, dead letters."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from aura_cli.services.event_queue import BASE_DELAY_S, MAX_DELAY_S, EventQueue, backoff_delay


def _event(i: int) -> dict[str, object]:
    return {"id": f"00000000-0000-4000-8000-{i:012d}", "type": "audit.passed", "data": {}}


def test_append_is_idempotent_by_id_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    with EventQueue(path) as q:
        assert q.append([_event(1), _event(2)]) == 2
        assert q.append([_event(2), _event(3)]) == 1
        assert q.counts()["pending"] == 3
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_due_returns_oldest_first_and_respects_limit(tmp_path: Path) -> None:
    with EventQueue(tmp_path / "q.db") as q:
        for i in range(5):
            q.append([_event(i)], now=100.0 + i)
        assert [e["id"] for e in q.due(limit=2, now=200.0)] == [_event(0)["id"], _event(1)["id"]]


def test_defer_schedules_retry_with_growing_backoff(tmp_path: Path) -> None:
    with EventQueue(tmp_path / "q.db") as q:
        q.append([_event(1)], now=0.0)
        q.defer([str(_event(1)["id"])], "down", now=1000.0, rand=lambda: 0.5)
        assert q.due(now=1000.0) == []
        assert q.next_attempt_at() == 1000.0 + BASE_DELAY_S
        q.defer([str(_event(1)["id"])], "down", now=1000.0, rand=lambda: 0.5)
        assert q.next_attempt_at() == 1000.0 + 2 * BASE_DELAY_S
        assert q.counts(now=1000.0) == {"pending": 1, "due": 0, "dead": 0}
        assert len(q.due(now=1000.0 + 2 * BASE_DELAY_S)) == 1


def test_backoff_is_bounded_and_jittered() -> None:
    assert backoff_delay(1, rand=lambda: 0.0) == BASE_DELAY_S * 0.8
    assert abs(backoff_delay(1, rand=lambda: 1.0) - BASE_DELAY_S * 1.2) < 1e-9
    assert abs(backoff_delay(50, rand=lambda: 0.5) - MAX_DELAY_S) < 1e-6
    delays = [backoff_delay(n, rand=lambda: 0.5) for n in range(1, 8)]
    assert delays == sorted(delays)


def test_dead_events_leave_the_batches_but_keep_their_error(tmp_path: Path) -> None:
    with EventQueue(tmp_path / "q.db") as q:
        q.append([_event(1), _event(2)])
        q.mark_dead(str(_event(1)["id"]), "invalid: bad type")
        assert [e["id"] for e in q.due()] == [_event(2)["id"]]
        assert q.dead_events() == [(str(_event(1)["id"]), "invalid: bad type")]
        assert q.counts()["dead"] == 1
        q.set_meta("last_error", "boom")
        assert q.get_meta("last_error") == "boom"
