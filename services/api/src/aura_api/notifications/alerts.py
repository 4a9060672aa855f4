"""Threshold alerts (after aggregation), weekly digests (periodic) and the delivery job.

Each notification is claimed in `webhook_firings` before it is queued, so it fires once per
(webhook, rule, ISO week) however many jobs or workers evaluate it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aura_api.db import session_scope
from aura_api.models import Webhook
from aura_api.notifications import delivery
from aura_api.notifications.repository import WebhookRepository

# (webhook_id, kind, payload, delivery_id) -> queued
Enqueue = Callable[[str, str, dict[str, Any], str], Awaitable[Any]]
Queued = list[tuple[str, str, dict[str, Any], str]]


class DeliveryFailed(Exception):
    """Raised by the delivery task so the broker retries it with backoff."""


async def _threshold(repo: WebhookRepository, hook: Webhook, now: datetime, out: Queued) -> None:
    week, start = delivery.week_of(now)
    counts = await repo.blocked_counts(hook.team_id, start, hook.rule_id)
    team = None
    for rule_id, count in sorted(counts.items()):
        threshold = hook.threshold or 0
        if count > threshold and await repo.record_firing(
            hook.id, "threshold_alert", rule_id, week
        ):
            team = team or await repo.team_name(hook.team_id)
            payload = delivery.threshold_payload(
                team, hook.team_id, rule_id, count, threshold, week
            )
            out.append((str(hook.id), "threshold_alert", payload, str(uuid.uuid4())))


async def check_thresholds(
    factory: async_sessionmaker[AsyncSession],
    team_ids: list[uuid.UUID],
    enqueue: Enqueue,
    now: datetime | None = None,
) -> int:
    """Queue a threshold alert for each rule newly above a webhook's weekly threshold."""
    queued: Queued = []
    async with session_scope(factory) as session:
        repo = WebhookRepository(session)
        for hook in await repo.active(team_ids):
            if "threshold_alert" in hook.events:
                await _threshold(repo, hook, now or datetime.now(UTC), queued)
    for item in queued:  # after the commit, so a claimed alert is never lost in a rollback
        await enqueue(*item)
    return len(queued)


async def send_weekly_digests(
    factory: async_sessionmaker[AsyncSession], enqueue: Enqueue, now: datetime | None = None
) -> int:
    """Queue last week's digest for every subscribed webhook that has not had it."""
    week, end = delivery.week_of((now or datetime.now(UTC)) - timedelta(days=7))
    week, start = delivery.week_of(end)
    end = start + timedelta(days=7)
    queued: Queued = []
    async with session_scope(factory) as session:
        repo = WebhookRepository(session)
        for hook in await repo.active():
            if "weekly_digest" not in hook.events:
                continue
            if not await repo.record_firing(hook.id, "weekly_digest", "", week):
                continue
            summary = {
                "types": await repo.week_counts(hook.team_id, start, end, "type", 20),
                "rules": await repo.week_counts(hook.team_id, start, end, "rule_id", 5),
                "paths": await repo.week_counts(hook.team_id, start, end, "path", 5),
            }
            team = await repo.team_name(hook.team_id)
            payload = delivery.digest_payload(team, hook.team_id, week, summary)
            queued.append((str(hook.id), "weekly_digest", payload, str(uuid.uuid4())))
    for item in queued:
        await enqueue(*item)
    return len(queued)


async def deliver(
    factory: async_sessionmaker[AsyncSession],
    webhook_id: uuid.UUID,
    kind: str,
    payload: dict[str, Any],
    delivery_id: uuid.UUID,
    *,
    allow_private: bool = False,
) -> bool:
    """One recorded attempt; raises DeliveryFailed (for a retry) unless the receiver took it
    or the target is not allowed (retrying would not change that)."""
    async with session_scope(factory) as session:
        hook = await WebhookRepository(session).get(webhook_id)
        if hook is None or not hook.active:
            return False  # deleted or paused since: nothing to retry
        row = await delivery.attempt(
            session, hook, kind=kind, payload=payload, delivery_id=delivery_id,
            allow_private=allow_private,
        )  # fmt: skip
    if row.error and row.error.startswith(delivery.BLOCKED):
        return False
    if not row.succeeded:
        raise DeliveryFailed(f"attempt {row.attempt} to {webhook_id} failed: {row.error}")
    return True
