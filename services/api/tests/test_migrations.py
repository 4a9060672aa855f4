"""Migrations are the only source of the schema: they match the models and run both ways."""

from __future__ import annotations

import json
import uuid

import asyncpg
import aura_api.models  # noqa: F401
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from aura_api.migrate import downgrade_in_process, upgrade_in_process
from conftest import PG_HOST
from sqlalchemy import Connection, text
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


async def test_0005_reshapes_existing_aggregates_both_ways() -> None:
    """Mastery tails, team activity and hotspots written before 0005 survive it (and back)."""
    name = f"aura_test_0005_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(f"postgresql://{PG_HOST}/postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    engine = create_async_engine(f"postgresql+asyncpg://{PG_HOST}/{name}")
    recent = [["2026-11-20T10:00:00.000000Z", "i"], ["2026-11-20T10:05:00.000001Z", "l"]]
    try:
        await upgrade_in_process(engine, "0004")
        async with engine.begin() as conn:
            for statement in _BEFORE_0005:
                await conn.execute(text(statement), {"recent": json.dumps(recent)})
        await upgrade_in_process(engine)
        async with engine.connect() as conn:
            tail = (await conn.execute(text("SELECT tail FROM rule_mastery"))).scalar_one()
            days = (await conn.execute(text(_DAYS))).all()
            last = (await conn.execute(text(_DEVELOPERS))).all()
            hotspots = (
                await conn.execute(text("SELECT depth, count FROM aggregate_hotspots"))
            ).all()
        assert tail == "660b24ea2c800i" + "660b260846b01l"
        assert [(str(day)[:10], kind, n) for day, kind, n in days] == [
            ("2026-11-20", "audit.finding", 3), ("2026-11-21", "fix.applied", 1),
        ]  # fmt: skip
        assert [str(day)[:10] for _, day in last] == ["2026-11-21", "2026-11-20"]
        assert hotspots == [(1, 4)]
        await downgrade_in_process(engine, "0004")
        async with engine.connect() as conn:
            back = (await conn.execute(text("SELECT recent FROM rule_mastery"))).scalar_one()
        assert back == recent
    finally:
        await engine.dispose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


_USER, _OTHER = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
_TEAM = "00000000-0000-4000-8000-0000000000aa"
_BEFORE_0005 = [
    "INSERT INTO users (id, email, password_hash, is_active, is_superuser, created_at, "
    f"updated_at) VALUES ('{_USER}', 'a@example.com', 'x', true, false, now(), now()), "
    f"('{_OTHER}', 'b@example.com', 'x', true, false, now(), now())",
    f"INSERT INTO teams (id, name, slug, created_at, updated_at) VALUES ('{_TEAM}', 't', 't', "
    "now(), now())",
    "INSERT INTO rule_mastery VALUES "
    f"('{_USER}', 'a/b', 0.3, 0.2, CAST(:recent AS json), 1, 0, 1, 1, 0, now(), now())",
    "INSERT INTO aggregate_team_activity VALUES "
    f"('{_TEAM}', '2026-11-20T00:00:00Z', '{_USER}', 'audit.finding', 2), "
    f"('{_TEAM}', '2026-11-20T00:00:00Z', '{_OTHER}', 'audit.finding', 1), "
    f"('{_TEAM}', '2026-11-21T00:00:00Z', '{_USER}', 'fix.applied', 1)",
    "INSERT INTO aggregate_hotspots VALUES "
    f"('{_TEAM}', 'day', '2026-11-20T00:00:00Z', 'src/', 'finding', 1, 4)",
]
_DAYS = "SELECT day, type, count FROM aggregate_team_days ORDER BY day"
_DEVELOPERS = "SELECT user_id, last_active_day FROM aggregate_team_developers ORDER BY user_id"
