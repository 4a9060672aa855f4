"""Migrations are the only source of the schema: they match the models and run both ways."""

from __future__ import annotations

import asyncpg
import aura_api.models  # noqa: F401
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from aura_api.migrate import downgrade_in_process, upgrade_in_process
from conftest import PG_HOST
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = create_async_engine(database_url)

    def diff(conn: Connection) -> list[object]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))

    async with engine.connect() as conn:
        differences = await conn.run_sync(diff)
    await engine.dispose()
    assert differences == [], "models and migrations disagree: add a migration"


async def test_downgrade_to_base_and_upgrade_again() -> None:
    admin = await asyncpg.connect(f"postgresql://{PG_HOST}/postgres")
    await admin.execute('DROP DATABASE IF EXISTS "aura_test_roundtrip" WITH (FORCE)')
    await admin.execute('CREATE DATABASE "aura_test_roundtrip"')
    try:
        engine = create_async_engine(f"postgresql+asyncpg://{PG_HOST}/aura_test_roundtrip")
        await upgrade_in_process(engine)
        await downgrade_in_process(engine, "base")
        await upgrade_in_process(engine)
        await engine.dispose()
    finally:
        await admin.execute('DROP DATABASE IF EXISTS "aura_test_roundtrip" WITH (FORCE)')
        await admin.close()
