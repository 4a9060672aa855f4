"""Read-through cache for hot lookups (users, memberships, API tokens).

Redis-backed in production and in-process in the embedded mode. It is an accelerator only: a
miss, a dead Redis or a failed write never changes an answer, only its speed.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Protocol

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.metrics import CACHE_RESULTS
from aura_api.redis_gate import RedisGate


class Cache(Protocol):
    async def get(self, key: str) -> bytes | None: ...
    async def set(self, key: str, value: bytes, ttl: int) -> None: ...
    async def delete(self, *keys: str) -> None: ...


class MemoryCache:
    """A bounded LRU with expiry, for the embedded single-process mode."""

    def __init__(self, max_items: int = 10_000) -> None:
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._max = max_items

    async def get(self, key: str) -> bytes | None:
        item = self._items.get(key)
        if item is None or item[0] < time.monotonic():
            self._items.pop(key, None)
            return None
        self._items.move_to_end(key)
        return item[1]

    async def set(self, key: str, value: bytes, ttl: int) -> None:
        self._items[key] = (time.monotonic() + ttl, value)
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._items.pop(key, None)


class RedisCache:
    """Redis-backed cache shared by every replica.

    If an invalidation cannot reach Redis, the whole namespace is flushed when Redis comes back,
    so a write made during an outage never leaves a stale entry behind.
    """

    def __init__(self, gate: RedisGate, namespace: str = "aura") -> None:
        self._gate = gate
        self._prefix = f"{namespace}:cache:"
        self._flush_pending = False
        gate.recovered_hooks.append(self._flush_if_pending)

    async def get(self, key: str) -> bytes | None:
        async def op(r: Redis) -> bytes | None:
            value = await r.get(self._prefix + key)
            return value if isinstance(value, bytes) else None

        return await self._gate.run(op, None)

    async def set(self, key: str, value: bytes, ttl: int) -> None:
        async def op(r: Redis) -> None:
            await r.set(self._prefix + key, value, ex=ttl)

        await self._gate.run(op, None)

    async def delete(self, *keys: str) -> None:
        if not keys:
            return

        async def op(r: Redis) -> bool:
            await r.delete(*(self._prefix + k for k in keys))
            return True

        if not await self._gate.run(op, False):
            self._flush_pending = True

    async def _flush_if_pending(self) -> None:
        if not self._flush_pending:
            return
        self._flush_pending = False
        async for key in self._gate.client.scan_iter(match=self._prefix + "*", count=500):
            await self._gate.client.delete(key)


AFTER_COMMIT = "aura_after_commit"


async def invalidate(session: AsyncSession, cache: Cache, *keys: str) -> None:
    """Forget `keys` now and again once the transaction commits.

    Deleting only before the commit would let a concurrent request, which read the old rows
    in between, put them back for a whole TTL (a revoked session or token would keep working).
    """
    await cache.delete(*keys)

    async def again() -> None:
        await cache.delete(*keys)

    session.info.setdefault(AFTER_COMMIT, []).append(again)


async def run_after_commit(session: AsyncSession) -> None:
    """Run what `invalidate` scheduled (called by `db.session_scope` after its commit)."""
    for callback in session.info.pop(AFTER_COMMIT, []):
        await callback()


async def read_through(
    cache: Cache, key: str, ttl: int, load: Callable[[], Awaitable[bytes | None]]
) -> bytes | None:
    """Return the cached bytes for `key`, loading and storing them on a miss."""
    hit = await cache.get(key)
    if hit is not None:
        CACHE_RESULTS.labels("hit").inc()
        return hit
    CACHE_RESULTS.labels("miss").inc()
    value = await load()
    if value is not None:
        await cache.set(key, value, ttl)
    return value
