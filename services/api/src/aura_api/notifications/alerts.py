"""Threshold alerts, evaluated after aggregation (filled in with the webhooks)."""

from __future__ import annotations

import uuid

from taskiq import AsyncBroker

from aura_api.resources import Resources


async def after_aggregation(
    res: Resources, broker: AsyncBroker, blocked_by_team: dict[uuid.UUID, set[str]]
) -> None:
    """Fire the threshold alerts that newly blocked commits may have crossed."""
    return None
