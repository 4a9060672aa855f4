"""The process's long-lived resources, built once in the lifespan and shared by requests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from aura_api.cache import Cache, MemoryCache, RedisCache
from aura_api.config import Settings
from aura_api.db import create_engine, create_session_factory
from aura_api.offload import CpuPool
from aura_api.ratelimit import RateLimiter
from aura_api.redis_gate import RedisGate
from aura_api.security import configure_sealing


@dataclass
class Resources:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    redis: RedisGate | None
    cache: Cache
    limiter: RateLimiter
    cpu: CpuPool

    async def close(self) -> None:
        self.cpu.close()
        if self.redis is not None:
            await self.redis.close()
        await self.engine.dispose()


def open_resources(settings: Settings) -> Resources:
    """Engine, Redis gate, cache and limiter for these settings (Redis only when configured)."""
    configure_sealing(settings.secret_key.get_secret_value())
    engine = create_engine(settings)
    gate = (
        RedisGate.from_url(
            settings.redis_url,
            timeout=settings.redis_timeout_seconds,
            retry_after=settings.redis_retry_after_seconds,
        )
        if settings.redis_url
        else None
    )
    ns = settings.redis_namespace
    cache: Cache = RedisCache(gate, ns) if gate else MemoryCache()
    return Resources(
        settings=settings,
        engine=engine,
        session_factory=create_session_factory(engine),
        redis=gate,
        cache=cache,
        limiter=RateLimiter(gate, ns),
        cpu=CpuPool(
            workers=settings.cpu_workers,
            queue=settings.cpu_queue,
            budget_seconds=settings.cpu_budget_seconds,
        ),
    )
