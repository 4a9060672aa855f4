"""Redis as an accelerator: every call may fail, and failure degrades instead of erroring.

After a failure the gate stays closed for `retry_after` seconds so a dead Redis costs one short
timeout, not one per request. The outage is logged once, and so is the recovery.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from loguru import logger
from redis.asyncio import Redis
from redis.exceptions import RedisError

from aura_api.metrics import DEPENDENCY_FAILURES

T = TypeVar("T")


class RedisGate:
    """Wraps one client; `run` returns the fallback while Redis is unavailable."""

    def __init__(self, client: Redis, *, retry_after: float) -> None:
        self.client = client
        self._retry_after = retry_after
        self._down_until = 0.0
        self._down = False
        self.recovered_hooks: list[Callable[[], Awaitable[None]]] = []

    @classmethod
    def from_url(cls, url: str, *, timeout: float, retry_after: float) -> RedisGate:
        client = Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry_on_timeout=False,
            health_check_interval=0,
        )
        return cls(client, retry_after=retry_after)

    @property
    def available(self) -> bool:
        return not self._down or time.monotonic() >= self._down_until

    async def run(self, op: Callable[[Redis], Awaitable[T]], fallback: T) -> T:
        """Run `op` against Redis, or return `fallback` when Redis is (recently) down."""
        if not self.available:
            return fallback
        try:
            if self._down:
                # Repair first (e.g. flush entries whose invalidation was lost in the outage),
                # so no request reads a stale value on the way back.
                for hook in self.recovered_hooks:
                    await hook()
            result = await op(self.client)
        except (RedisError, OSError, TimeoutError) as exc:
            self._mark_down(exc)
            return fallback
        if self._down:
            self._down = False
            logger.info("redis is reachable again; cache and rate limits use it again")
        return result

    async def ping(self) -> bool:
        """A real round trip, ignoring the back-off (used by readiness checks)."""
        try:
            return bool(await self.client.ping())
        except (RedisError, OSError, TimeoutError):
            return False

    def _mark_down(self, exc: BaseException) -> None:
        DEPENDENCY_FAILURES.labels("redis").inc()
        self._down_until = time.monotonic() + self._retry_after
        if not self._down:
            self._down = True
            logger.warning("redis unavailable ({}); degrading cache and rate limits", exc)

    async def close(self) -> None:
        await self.client.aclose()
