"""Test fixtures: real PostgreSQL (built by the migrations) and real Redis, fresh per test.

The database `aura_test_<worker>` is recreated once per session and migrated with Alembic;
tables are truncated and the Redis test db flushed after every test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import asyncpg
import aura_api.models  # noqa: F401  (every table, for the truncation)
import leak_scan
import pytest
from asgi_lifespan import LifespanManager
from aura_api import logging as aura_logging
from aura_api import main as aura_main
from aura_api.config import Settings
from aura_api.main import create_app
from aura_api.migrate import upgrade_in_process
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from loguru import logger
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

PG_HOST = os.environ.get("AURA_TEST_PG", "postgres@127.0.0.1:5432")
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
# Unique per test run, so concurrent runs on one machine never share a database or Redis keys.
_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID", uuid.uuid4().hex)[:8]
_REDIS_DB = 15 - int(_WORKER[2:]) % 8 if _WORKER.startswith("gw") else 15
REDIS_URL = os.environ.get("AURA_TEST_REDIS", f"redis://127.0.0.1:6379/{_REDIS_DB}")
REDIS_NAMESPACE = f"aurat{_RUN}{_WORKER}"


def _db_name() -> str:
    return f"aura_test_{_RUN}_{_WORKER}"


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    name = _db_name()
    admin = await asyncpg.connect(f"postgresql://{PG_HOST}/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+asyncpg://{PG_HOST}/{name}"
    engine = create_async_engine(url)
    await upgrade_in_process(engine)
    await engine.dispose()
    yield url
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


def settings_for_tests(database_url: str | None = None, **overrides: Any) -> Settings:
    """Settings for a test app: cheap password hashing, generous limits unless overridden."""
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "redis_url": REDIS_URL,
        "redis_namespace": REDIS_NAMESPACE,
        "secret_key": "test-secret-key-test-secret-key-0123456789",
        "argon2_memory_kib": 1024,
        "argon2_time_cost": 1,
        "rate_limit_ip_per_minute": 100_000,
        "rate_limit_user_per_minute": 100_000,
        "rate_limit_auth_per_minute": 100_000,
        "log_level": "WARNING",
        # The webhook tests' receiver listens on 127.0.0.1 (test_webhook_targets turns it off).
        "webhooks_allow_private_targets": True,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session", autouse=True)
def _capture_logs() -> Iterator[None]:
    """Every log line of every app the tests build also goes to the leak scan."""
    original = aura_logging.configure_logging

    def configure(*, json: bool, level: str = "INFO") -> None:
        original(json=json, level=level)
        logger.add(leak_scan.capture_log, level="INFO", format="{message} {extra}")

    aura_main.configure_logging = configure  # type: ignore[assignment]
    yield
    aura_main.configure_logging = original  # type: ignore[assignment]


@pytest.fixture
async def clean(database_url: str) -> AsyncIterator[None]:
    leak_scan.reset_log()
    yield
    # Before the state is wiped: nothing a test sent as a secret may have been kept.
    await leak_scan.assert_no_leaks(database_url, REDIS_URL, REDIS_NAMESPACE)
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    tables = [f'"{t.name}"' for t in SQLModel.metadata.sorted_tables]
    await conn.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    await conn.close()
    redis = Redis.from_url(REDIS_URL)
    async for key in redis.scan_iter(match=f"{REDIS_NAMESPACE}:*", count=1000):
        await redis.delete(key)
    await redis.aclose()


AppFactory = Callable[..., Any]


@pytest.fixture
async def make_client(database_url: str, clean: None) -> AsyncIterator[AppFactory]:
    """Build a client for an app with custom settings: `await make_client(max_body_bytes=10)`."""
    managers: list[LifespanManager] = []

    async def build(**overrides: Any) -> AsyncClient:
        overrides.setdefault("database_url", database_url)
        app = create_app(settings_for_tests(**overrides))
        manager = LifespanManager(app)
        await manager.__aenter__()
        managers.append(manager)
        return _client(app)

    yield build
    for manager in reversed(managers):
        await manager.__aexit__(None, None, None)


def _client(app: Any) -> AsyncClient:
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    return AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture(scope="session")
async def shared_app(database_url: str) -> AsyncIterator[FastAPI]:
    """One app for the default settings, reused by every test (state is cleaned per test)."""
    app = create_app(settings_for_tests(database_url))
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def app(shared_app: FastAPI, clean: None) -> FastAPI:
    return shared_app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with _client(app) as c:
        yield c
