"""Database engine and request-scoped sessions; a session commits once, at the boundary."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from aura_api.cache import run_after_commit
from aura_api.config import Settings


def create_engine(settings: Settings) -> AsyncEngine:
    """An async engine for PostgreSQL (asyncpg) or the embedded SQLite (aiosqlite)."""
    url = settings.resolved_database_url
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url, echo=settings.db_echo, connect_args={"timeout": 30}, pool_pre_ping=False
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        url,
        echo=settings.db_echo,
        # JSON columns (mastery tails, event data) are decoded in bulk by the aggregation.
        json_deserializer=orjson.loads,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
    )


def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
    # WAL lets readers run beside the single writer; foreign keys are off by default in SQLite.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (no implicit refresh)."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """Yield one session; commit when the handler succeeded, roll back when it raised."""
    async with factory() as session:
        try:
            yield session
        except BaseException as exc:
            # Some refusals must persist what led to them (e.g. revoking a reused token family).
            if getattr(exc, "keeps_changes", False):
                await session.commit()
                await run_after_commit(session)
            else:
                await session.rollback()
            raise
        else:
            # Cached reads never touch the database; skip the commit round trip for them.
            if session.in_transaction():
                await session.commit()
            await run_after_commit(session)
