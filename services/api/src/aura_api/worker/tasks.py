"""Register the jobs on a broker. Task arguments are plain JSON (ids as strings)."""

from __future__ import annotations

import uuid
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from loguru import logger
from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask

from aura_api.notifications import alerts
from aura_api.worker import jobs
from aura_api.worker.context import current_resources

AGGREGATE = "aura.aggregate_events"
SWEEP = "aura.sweep_events"
DELIVER = "aura.deliver_webhook"
DIGESTS = "aura.weekly_digests"


@dataclass(frozen=True)
class Tasks:
    aggregate: AsyncTaskiqDecoratedTask[[list[str]], Coroutine[Any, Any, int]]
    sweep: AsyncTaskiqDecoratedTask[[], Coroutine[Any, Any, int]]
    deliver: AsyncTaskiqDecoratedTask[[str, str, dict[str, Any], str], Coroutine[Any, Any, bool]]
    digests: AsyncTaskiqDecoratedTask[[], Coroutine[Any, Any, int]]


def register_tasks(broker: AsyncBroker) -> Tasks:
    """Register every task on `broker` (once per broker)."""

    async def enqueue_delivery(
        webhook_id: str, kind: str, payload: dict[str, Any], delivery_id: str
    ) -> None:
        await deliver.kiq(webhook_id, kind, payload, delivery_id)

    async def aggregate_events(ids: list[str]) -> int:
        res = current_resources()
        outcome = await jobs.aggregate_events(res.session_factory, [uuid.UUID(i) for i in ids])
        if outcome.blocked_by_team:
            teams = list(outcome.blocked_by_team)
            await alerts.check_thresholds(res.session_factory, teams, enqueue_delivery)
        return outcome.applied

    async def sweep_events() -> int:
        res = current_resources()
        chunks = await jobs.find_stale(res.session_factory)
        for chunk in chunks:
            await aggregate.kiq([str(i) for i in chunk])
        if chunks:
            logger.info("sweep re-enqueued {} unaggregated events", sum(map(len, chunks)))
        return sum(map(len, chunks))

    async def deliver_webhook(
        webhook_id: str, kind: str, payload: dict[str, Any], delivery_id: str
    ) -> bool:
        res = current_resources()
        return await alerts.deliver(
            res.session_factory, uuid.UUID(webhook_id), kind, payload, uuid.UUID(delivery_id),
            allow_private=res.settings.webhooks_allow_private_targets,
        )  # fmt: skip

    async def weekly_digests() -> int:
        return await alerts.send_weekly_digests(
            current_resources().session_factory, enqueue_delivery
        )

    retried: dict[str, Any] = {"retry_on_error": True}
    aggregate = broker.register_task(aggregate_events, task_name=AGGREGATE, **retried)
    sweep = broker.register_task(sweep_events, task_name=SWEEP)
    deliver = broker.register_task(deliver_webhook, task_name=DELIVER, **retried)
    digests = broker.register_task(weekly_digests, task_name=DIGESTS)
    return Tasks(aggregate=aggregate, sweep=sweep, deliver=deliver, digests=digests)
