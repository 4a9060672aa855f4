"""Register the jobs on a broker. Task arguments are plain JSON (ids as strings)."""

from __future__ import annotations

import uuid
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from loguru import logger
from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask

from aura_api.worker import jobs
from aura_api.worker.context import current_resources

AGGREGATE = "aura.aggregate_events"
SWEEP = "aura.sweep_events"


@dataclass(frozen=True)
class Tasks:
    aggregate: AsyncTaskiqDecoratedTask[[list[str]], Coroutine[Any, Any, int]]
    sweep: AsyncTaskiqDecoratedTask[[], Coroutine[Any, Any, int]]


def register_tasks(broker: AsyncBroker) -> Tasks:
    """Register every task on `broker` (once per broker)."""

    async def aggregate_events(ids: list[str]) -> int:
        res = current_resources()
        outcome = await jobs.aggregate_events(res.session_factory, [uuid.UUID(i) for i in ids])
        if outcome.blocked_by_team:
            from aura_api.notifications.alerts import after_aggregation

            await after_aggregation(res, broker, outcome.blocked_by_team)
        return outcome.applied

    async def sweep_events() -> int:
        res = current_resources()
        chunks = await jobs.find_stale(res.session_factory)
        for chunk in chunks:
            await aggregate.kiq([str(i) for i in chunk])
        if chunks:
            logger.info("sweep re-enqueued {} unaggregated events", sum(map(len, chunks)))
        return sum(map(len, chunks))

    labels: dict[str, Any] = {"retry_on_error": True}
    aggregate = broker.register_task(aggregate_events, task_name=AGGREGATE, **labels)
    sweep = broker.register_task(sweep_events, task_name=SWEEP)
    return Tasks(aggregate=aggregate, sweep=sweep)
