"""Team webhooks: CRUD for leads, a synchronous test delivery, the delivery log."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.principal import Principal
from aura_api.authz import Action, authorize
from aura_api.models import Webhook, WebhookDelivery
from aura_api.notifications import delivery, targets
from aura_api.notifications.errors import WebhookNotFound
from aura_api.notifications.repository import DeliveryRepository, WebhookRepository
from aura_api.notifications.schemas import WebhookCreate, WebhookUpdate
from aura_api.resources import Resources


async def _webhook(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
) -> Webhook:
    await authorize(session, res, user, team_id, Action.manage_webhooks)
    row = await WebhookRepository(session).get_in_team(team_id, webhook_id)
    if row is None:
        raise WebhookNotFound
    return row


async def _check_target(res: Resources, url: str) -> None:
    """Public http(s) addresses only, unless this instance allows private targets."""
    await targets.check(url, allow_private=res.settings.webhooks_allow_private_targets)


async def create_webhook(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID, data: WebhookCreate
) -> Webhook:
    """Subscribe a URL; the secret (given or generated) is returned by this call only."""
    await authorize(session, res, user, team_id, Action.manage_webhooks)
    await _check_target(res, data.url)
    row = Webhook(
        team_id=team_id,
        url=data.url,
        secret=data.secret or f"whsec_{secrets.token_urlsafe(32)}",
        events=list(data.events),
        rule_id=data.rule_id,
        threshold=data.threshold,
        window=data.window,
        active=data.active,
        created_by=user.id,
    )
    return await WebhookRepository(session).add(row)


async def list_webhooks(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    *,
    limit: int,
    offset: int,
) -> tuple[Sequence[Webhook], int]:
    await authorize(session, res, user, team_id, Action.manage_webhooks)
    return await WebhookRepository(session).list_for_team(team_id, limit=limit, offset=offset)


async def get_webhook(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
) -> Webhook:
    return await _webhook(session, res, user, team_id, webhook_id)


# Null clears `rule_id` and `threshold`; these always have a value.
_REQUIRED_FIELDS = ("url", "events", "active")


async def update_webhook(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
    data: WebhookUpdate,
) -> Webhook:
    row = await _webhook(session, res, user, team_id, webhook_id)
    if data.url is not None:
        await _check_target(res, data.url)
    changes = data.model_dump(exclude_unset=True)
    for key in _REQUIRED_FIELDS:
        if changes.get(key, ...) is None:  # null leaves a required setting as it is
            del changes[key]
    for key, value in changes.items():
        setattr(row, key, value)
    row.updated_at = datetime.now(UTC)
    return await WebhookRepository(session).add(row)


async def delete_webhook(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
) -> None:
    row = await _webhook(session, res, user, team_id, webhook_id)
    await WebhookRepository(session).delete(row)


async def test_webhook(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
) -> WebhookDelivery:
    """Send a test payload now (one attempt, no retry) and return the recorded attempt."""
    row = await _webhook(session, res, user, team_id, webhook_id)
    team = await WebhookRepository(session).team_name(team_id)
    return await delivery.attempt(
        session, row, kind="test", payload=delivery.test_payload(team, team_id),
        delivery_id=uuid.uuid4(), allow_private=res.settings.webhooks_allow_private_targets,
    )  # fmt: skip


async def list_deliveries(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
    *,
    limit: int,
    offset: int,
) -> tuple[Sequence[WebhookDelivery], int]:
    row = await _webhook(session, res, user, team_id, webhook_id)
    return await DeliveryRepository(session).list_for_webhook(row.id, limit=limit, offset=offset)
