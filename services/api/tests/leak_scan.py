"""Secrets the tests send must never be kept: not in the database, Redis or the logs.

Tests plant realistic secrets with `plant()` (and the factories remember the passwords and
tokens they send); after every test the `clean` fixture calls `assert_no_leaks()` before it
wipes the state, which dumps every table of the test database, every Redis key of the test
namespace (whatever its type) and the log lines written during the test, and fails the test
if any remembered secret appears in them.
"""

from __future__ import annotations

import random
import string
from typing import Any

import asyncpg
from redis.asyncio import Redis

_REMEMBERED: set[str] = set()
_LOG: list[str] = []
_rnd = random.Random()
_ALNUM = string.ascii_letters + string.digits


def _chars(alphabet: str, n: int) -> str:
    return "".join(_rnd.choice(alphabet) for _ in range(n))


def plant(kind: str = "token") -> str:
    """A fresh secret of a realistic shape, remembered for the leak scan."""
    secret = {
        "token": lambda: _chars(_ALNUM, 40),
        "github": lambda: "ghp_" + _chars(_ALNUM, 36),
        "aws": lambda: "AKIA" + _chars(string.ascii_uppercase + string.digits, 16),
        "slack": lambda: (
            "xoxb-"
            + "-".join(_chars(string.digits, 12) for _ in range(2))
            + "-"
            + _chars(_ALNUM, 24)
        ),
        "base64": lambda: _chars(_ALNUM + "+/", 44) + "=",
        # aura: allow secrets/generic-credential reason="a random test secret, planted to be found"
        "password": lambda: "Pw-" + _chars(_ALNUM, 22),
    }[kind]()
    _REMEMBERED.add(secret)
    return secret


def remember(*values: str) -> None:
    """Also check for these (passwords and tokens a test sends)."""
    _REMEMBERED.update(v for v in values if v and len(v) >= 8)


def capture_log(message: Any) -> None:
    """A loguru sink: keep the formatted line for the scan."""
    _LOG.append(str(message))


def reset_log() -> None:
    _LOG.clear()


async def _database_dump(database_url: str) -> str:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"
        )
        parts = []
        for row in tables:
            name = row["tablename"]
            text = await conn.fetchval(f"SELECT string_agg(t::text, E'\\n') FROM \"{name}\" t")
            parts.append(f"{name}: {text or ''}")
        return "\n".join(parts)
    finally:
        await conn.close()


async def _redis_dump(redis_url: str, namespace: str) -> str:
    redis = Redis.from_url(redis_url)
    parts: list[str] = []
    try:
        async for key in redis.scan_iter(match=f"{namespace}:*", count=1000):
            kind = (await redis.type(key)).decode()
            if kind == "list":
                value: Any = await redis.lrange(key, 0, -1)
            elif kind == "hash":
                value = await redis.hgetall(key)
            elif kind == "set":
                value = await redis.smembers(key)
            elif kind == "zset":
                value = await redis.zrange(key, 0, -1)
            elif kind == "stream":
                value = await redis.xrange(key)
            else:
                value = await redis.get(key)
            parts.append(f"{key!r} {value!r}")
    finally:
        await redis.aclose()
    return "\n".join(parts)


async def assert_no_leaks(database_url: str, redis_url: str, namespace: str) -> None:
    """Fail when a remembered secret sits in the database, Redis or this test's logs."""
    if not _REMEMBERED:
        return
    places = {
        "database": await _database_dump(database_url),
        "redis": await _redis_dump(redis_url, namespace),
        "logs": "\n".join(_LOG),
    }
    found = [
        f"{place}: …{text[max(0, text.find(s) - 60) : text.find(s) + len(s) + 20]}…"
        for place, text in places.items()
        for s in _REMEMBERED
        if s in text
    ]
    assert not found, "secrets a test sent were kept:\n" + "\n".join(found)
