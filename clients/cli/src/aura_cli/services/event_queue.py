"""The local queue: a SQLite file (WAL) that survives crashes, reboots and server outages.

Two tables share one schema: `events` (for `POST /api/v1/events`, sent in batches) and `audits`
(audit summaries with their redacted findings, one `POST /api/v1/audits` each). Each row is keyed by
its client UUID, which is also the server's idempotency key, so a delivery whose response got lost
is simply sent again and counted as a duplicate. Rows leave the queue only after the server
accepted them; failed deliveries push `next_attempt_at` out with exponential backoff, rejected rows
stay dead with their error for `aura doctor`.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

BASE_DELAY_S = 30.0
MAX_DELAY_S = 6 * 3600.0

TABLES = ("events", "audits")
_TABLE = """
CREATE TABLE IF NOT EXISTS {t} (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    dead INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS {t}_due ON {t} (dead, next_attempt_at, created_at);
"""
_SCHEMA = (
    "".join(_TABLE.format(t=t) for t in TABLES)
    + "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
)


def _table(name: str) -> str:
    if name not in TABLES:  # table names cannot be bound as parameters
        raise ValueError(f"unknown queue table {name!r}")
    return name


def backoff_delay(attempts: int, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number `attempts` (1-based): 30 s doubling up to 6 h.

    A ±20 % jitter keeps many machines that lost the server at once from retrying in lockstep.
    """
    raw = min(BASE_DELAY_S * (2 ** max(attempts - 1, 0)), MAX_DELAY_S)
    return float(raw * (0.8 + 0.4 * rand()))


class EventQueue:
    """A connection to the queue file; use as a context manager so it always closes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # isolation_level=None: we manage transactions explicitly, each write is short.
        self.conn = sqlite3.connect(str(path), timeout=5.0, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_SCHEMA)

    def __enter__(self) -> EventQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def append(
        self, events: Iterable[dict[str, Any]], now: float | None = None, *, table: str = "events"
    ) -> int:
        """Queue rows (dicts with an `id`), ignoring ids already queued; returns rows added."""
        stamp = time.time() if now is None else now
        rows = [(e["id"], json.dumps(e, separators=(",", ":")), stamp) for e in events]
        with self.conn:
            cur = self.conn.executemany(
                f"INSERT OR IGNORE INTO {_table(table)} (id, body, created_at) VALUES (?, ?, ?)",  # noqa: S608
                rows,
            )
        return cur.rowcount

    def due(
        self, limit: int = 500, now: float | None = None, *, table: str = "events"
    ) -> list[dict[str, Any]]:
        """The oldest live rows whose next attempt time has come, at most `limit`."""
        stamp = time.time() if now is None else now
        rows = self.conn.execute(
            f"SELECT body FROM {_table(table)} WHERE dead = 0 AND next_attempt_at <= ? "  # noqa: S608
            "ORDER BY created_at, rowid LIMIT ?",
            (stamp, limit),
        ).fetchall()
        return [json.loads(body) for (body,) in rows]

    def delete(self, ids: Iterable[str], *, table: str = "events") -> None:
        """Remove delivered rows."""
        with self.conn:
            self.conn.executemany(
                f"DELETE FROM {_table(table)} WHERE id = ?",  # noqa: S608
                [(i,) for i in ids],
            )

    def mark_dead(self, event_id: str, error: str, *, table: str = "events") -> None:
        """Keep a rejected row out of future deliveries, with the server's reason."""
        with self.conn:
            self.conn.execute(
                f"UPDATE {_table(table)} SET dead = 1, last_error = ? WHERE id = ?",  # noqa: S608
                (error, event_id),
            )

    def defer(
        self,
        ids: Iterable[str],
        error: str,
        now: float | None = None,
        rand: Callable[[], float] = random.random,
        *,
        table: str = "events",
    ) -> None:
        """Record a failed attempt for `ids` and schedule their retry with backoff."""
        stamp = time.time() if now is None else now
        name = _table(table)
        with self.conn:
            for event_id in ids:
                row = self.conn.execute(
                    f"SELECT attempts FROM {name} WHERE id = ?",  # noqa: S608
                    (event_id,),
                ).fetchone()
                if row is None:
                    continue
                attempts = int(row[0]) + 1
                self.conn.execute(
                    f"UPDATE {name} SET attempts = ?, next_attempt_at = ?, last_error = ? "  # noqa: S608
                    "WHERE id = ?",
                    (attempts, stamp + backoff_delay(attempts, rand), error, event_id),
                )

    def counts(self, now: float | None = None, *, table: str = "events") -> dict[str, int]:
        """Queue depth: `pending` live rows, of which `due` now, and `dead` ones."""
        stamp = time.time() if now is None else now
        query = (
            "SELECT COALESCE(SUM(dead = 0), 0), "
            "COALESCE(SUM(dead = 0 AND next_attempt_at <= ?), 0), COALESCE(SUM(dead), 0) "
            "FROM " + _table(table)
        )
        pending, due, dead = self.conn.execute(query, (stamp,)).fetchone()
        return {"pending": int(pending), "due": int(due), "dead": int(dead)}

    def next_attempt_at(self) -> float | None:
        """When the earliest deferred live event becomes due (None when nothing is pending)."""
        row = self.conn.execute("SELECT MIN(next_attempt_at) FROM events WHERE dead = 0").fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def dead_events(self, limit: int = 20) -> list[tuple[str, str]]:
        """(id, error) of rejected events, newest first."""
        rows = self.conn.execute(
            "SELECT id, COALESCE(last_error, '') FROM events WHERE dead = 1 "
            "ORDER BY created_at DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [(str(a), str(b)) for a, b in rows]

    def set_meta(self, key: str, value: str) -> None:
        """Store a small status value (last delivery error, last success time)."""
        with self.conn:
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def get_meta(self, key: str) -> str | None:
        """Read a value stored with set_meta."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])


def queue_path() -> Path:
    """Location of the queue file (`$AURA_HOME/queue.db`)."""
    from aura_cli.config.files import aura_home

    return aura_home() / "queue.db"
