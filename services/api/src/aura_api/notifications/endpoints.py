from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from aura_api.authz import InsufficientRole, TeamNotFound
from aura_api.deps import CurrentUser, Pagination, ResourcesDep, SessionDep
from aura_api.errors import Unauthorized, ValidationFailed, responses_for
from aura_api.notifications import service
from aura_api.notifications.errors import WebhookNotFound
from aura_api.notifications.schemas import (
    DeliveryList,
    DeliveryRead,
    WebhookCreate,
    WebhookCreated,
    WebhookList,
    WebhookRead,
    WebhookUpdate,
)

router = APIRouter(prefix="/api/v1/teams/{team_id}/webhooks", tags=["notifications"])
_SCOPED = (Unauthorized, TeamNotFound, InsufficientRole)


@router.post("", status_code=201, responses=responses_for(*_SCOPED, ValidationFailed))
async def create_webhook(
    team_id: uuid.UUID,
    data: WebhookCreate,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> WebhookCreated:
    """Subscribe a URL to weekly digests and/or threshold alerts (leads and admins).

    Payloads are Slack-compatible JSON signed with `X-Aura-Signature: sha256=<HMAC of the body>`.
    The secret is in this response only.
    """
    row = await service.create_webhook(session, res, user, team_id, data)
    return WebhookCreated(**WebhookRead.model_validate(row).model_dump(), secret=row.secret)


@router.get("", responses=responses_for(*_SCOPED))
async def list_webhooks(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep, page: Pagination
) -> WebhookList:
    """The team's webhooks."""
    rows, total = await service.list_webhooks(
        session, res, user, team_id, limit=page.limit, offset=page.offset
    )
    return WebhookList(items=[WebhookRead.model_validate(r) for r in rows], total=total)


@router.get("/{webhook_id}", responses=responses_for(*_SCOPED, WebhookNotFound))
async def read_webhook(
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> WebhookRead:
    """One webhook (without its secret)."""
    return WebhookRead.model_validate(
        await service.get_webhook(session, res, user, team_id, webhook_id)
    )


@router.patch("/{webhook_id}", responses=responses_for(*_SCOPED, WebhookNotFound, ValidationFailed))
async def update_webhook(
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
    data: WebhookUpdate,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> WebhookRead:
    """Change a webhook's URL, events, threshold, or pause it."""
    row = await service.update_webhook(session, res, user, team_id, webhook_id, data)
    return WebhookRead.model_validate(row)


@router.delete("/{webhook_id}", status_code=204, responses=responses_for(*_SCOPED, WebhookNotFound))
async def delete_webhook(
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> Response:
    """Remove a webhook and its delivery log."""
    await service.delete_webhook(session, res, user, team_id, webhook_id)
    return Response(status_code=204)


@router.post("/{webhook_id}/test", responses=responses_for(*_SCOPED, WebhookNotFound))
async def test_webhook(
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> DeliveryRead:
    """Send a test payload now and report how the receiver answered."""
    row = await service.test_webhook(session, res, user, team_id, webhook_id)
    return DeliveryRead.model_validate(row)


@router.get("/{webhook_id}/deliveries", responses=responses_for(*_SCOPED, WebhookNotFound))
async def list_webhook_deliveries(
    team_id: uuid.UUID,
    webhook_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    page: Pagination,
) -> DeliveryList:
    """Delivery attempts, newest first."""
    rows, total = await service.list_deliveries(
        session, res, user, team_id, webhook_id, limit=page.limit, offset=page.offset
    )
    return DeliveryList(items=[DeliveryRead.model_validate(r) for r in rows], total=total)
