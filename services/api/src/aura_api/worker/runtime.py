"""What the API process holds besides `Resources`: the broker, its tasks and the activity hub."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import Request
from loguru import logger

from aura_api.activity.hub import ActivityHub, MemoryHub, RedisHub
from aura_api.resources import Resources
from aura_api.worker.broker import build_broker, namespace
from aura_api.worker.context import pop_resources, push_resources
from aura_api.worker.tasks import Tasks, register_tasks
from aura_api.worker.ticker import run_ticker

ENQUEUE_TIMEOUT_SECONDS = 2.0
ENQUEUE_BACKOFF_SECONDS = 5.0
_LIVE_FIELDS = ("id", "user_id", "team_id", "type", "source", "occurred_at", "repo", "path",
                "rule_id", "lesson_id")  # fmt: skip


class Runtime:
    def __init__(self, res: Resources) -> None:
        self.res = res
        self.broker = build_broker(res.settings)
        self.tasks: Tasks = register_tasks(self.broker)
        url = res.settings.redis_url
        self.hub: ActivityHub = RedisHub(url, namespace(res.settings)) if url else MemoryHub()
        self._ticker: asyncio.Task[None] | None = None
        self._enqueue_down_until = 0.0

    @property
    def embedded(self) -> bool:
        return self.res.settings.redis_url is None

    async def start(self) -> None:
        push_resources(self.res)
        try:
            async with asyncio.timeout(ENQUEUE_TIMEOUT_SECONDS):
                await self.broker.startup()
        except Exception as exc:  # Redis down at start: serve anyway, the sweep catches up
            logger.warning("task broker not started ({}); enqueueing will be retried", exc)
        if self.embedded:  # no worker process: this one runs the periodic work
            self._ticker = asyncio.create_task(run_ticker(self.tasks))

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        with contextlib.suppress(Exception):
            await self.broker.shutdown()
        await self.hub.close()
        pop_resources(self.res)

    async def after_ingest(self, rows: Sequence[dict[str, Any]]) -> None:
        """After the commit: enqueue aggregation, publish live activity. Never raises: the
        events are stored, and the sweep aggregates whatever could not be enqueued."""
        if not rows:
            return
        await self._enqueue([str(row["id"]) for row in rows])
        by_team: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for row in rows:
            if row["team_id"] is not None:
                by_team.setdefault(row["team_id"], []).append({k: row[k] for k in _LIVE_FIELDS})
        for team_id, items in by_team.items():
            try:
                await self.hub.publish(team_id, orjson.dumps(items, default=str).decode())
            except Exception as exc:  # live activity is best effort
                logger.warning("live activity not published ({})", exc)

    async def _enqueue(self, ids: list[str]) -> None:
        if time.monotonic() < self._enqueue_down_until:
            return
        try:
            async with asyncio.timeout(ENQUEUE_TIMEOUT_SECONDS):
                await self.tasks.aggregate.kiq(ids)
        except Exception as exc:  # any broker failure; the sweep is the safety net
            self._enqueue_down_until = time.monotonic() + ENQUEUE_BACKOFF_SECONDS
            logger.warning("aggregation not enqueued ({}); the sweep will catch up", exc)


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]
