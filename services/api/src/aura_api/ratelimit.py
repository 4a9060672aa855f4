"""Fixed-window rate limits by client IP and by user, shared through Redis.

Embedded mode (or Redis down) counts in process, so limits still hold per worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from redis.asyncio import Redis

from aura_api.redis_gate import RedisGate

WINDOW_SECONDS = 60
# One round trip: count the hit and set the expiry only when the window's key is new.
_INCR_WITH_TTL = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_after: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": str(self.reset_after),
        }


class RateLimiter:
    """Counts hits per (scope, key) in the current window."""

    def __init__(self, gate: RedisGate | None, namespace: str = "aura") -> None:
        self._gate = gate
        self._namespace = namespace
        self._local: dict[str, int] = {}
        self._local_window = 0

    async def hit(self, scope: str, key: str, limit: int) -> RateDecision:
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        reset_after = max(1, int((window + 1) * WINDOW_SECONDS - now))
        bucket = f"{self._namespace}:rl:{scope}:{key}:{window}"
        count = await self._count_redis(bucket) if self._gate else None
        if count is None:
            count = self._count_local(bucket, window)
        return RateDecision(count <= limit, limit, limit - count, reset_after)

    async def _count_redis(self, bucket: str) -> int | None:
        assert self._gate is not None

        async def op(r: Redis) -> int:
            return int(await r.eval(_INCR_WITH_TTL, 1, bucket, WINDOW_SECONDS + 5))

        return await self._gate.run(op, None)

    def _count_local(self, bucket: str, window: int) -> int:
        if window != self._local_window:
            self._local.clear()
            self._local_window = window
        self._local[bucket] = self._local.get(bucket, 0) + 1
        return self._local[bucket]
