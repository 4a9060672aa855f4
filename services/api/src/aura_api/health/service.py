"""Readiness: the database must answer; Redis too when it is configured."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from aura_api.health.schemas import CheckRead
from aura_api.resources import Resources

_TIMEOUT = 2.0


async def check_database(res: Resources) -> CheckRead:
    try:
        async with asyncio.timeout(_TIMEOUT), res.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not ready", never a 500
        return CheckRead(status="down", detail=type(exc).__name__)
    return CheckRead(status="ok")


async def check_redis(res: Resources) -> CheckRead:
    if res.redis is None:
        return CheckRead(status="not_configured")
    if await res.redis.ping():
        return CheckRead(status="ok")
    return CheckRead(status="down", detail="no PONG")


async def readiness(res: Resources) -> dict[str, CheckRead]:
    db, redis = await asyncio.gather(check_database(res), check_redis(res))
    return {"database": db, "redis": redis}
