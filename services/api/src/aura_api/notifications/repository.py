from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from aura_api.kit.repository import Repository
from aura_api.models import Event, Team, Webhook, WebhookDelivery, WebhookFiring
from aura_api.models._types import utcnow


class WebhookRepository(Repository[Webhook]):
    model = Webhook

    async def list_for_team(
        self, team_id: uuid.UUID, *, limit: int, offset: int
    ) -> tuple[Sequence[Webhook], int]:
        stmt = select(Webhook).where(col(Webhook.team_id) == team_id)
        total = await self.count(stmt)
        rows = await self.all(stmt.order_by(col(Webhook.created_at)).limit(limit).offset(offset))
        return rows, total

    async def get_in_team(self, team_id: uuid.UUID, webhook_id: uuid.UUID) -> Webhook | None:
        row = await self.get(webhook_id)
        return row if row is not None and row.team_id == team_id else None

    async def active(self, team_ids: Sequence[uuid.UUID] | None = None) -> Sequence[Webhook]:
        stmt = select(Webhook).where(col(Webhook.active).is_(True))
        if team_ids is not None:
            stmt = stmt.where(col(Webhook.team_id).in_(list(team_ids)))
        return await self.all(stmt)

    async def team_name(self, team_id: uuid.UUID) -> str:
        team = await self.session.get(Team, team_id)
        return team.name if team else str(team_id)

    async def record_firing(self, webhook_id: uuid.UUID, kind: str, key: str, period: str) -> bool:
        """Claim (webhook, kind, key, period); False when it was already sent."""
        table = WebhookFiring.metadata.tables["webhook_firings"]
        insert = (
            pg_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        stmt = (
            insert(table)
            .values(webhook_id=webhook_id, kind=kind, key=key, period=period, fired_at=utcnow())
            .on_conflict_do_nothing()
            .returning(table.c.webhook_id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def blocked_counts(
        self, team_id: uuid.UUID, since: datetime, rule_id: str | None
    ) -> dict[str, int]:
        """audit.blocked events per rule in the team since `since`."""
        stmt = (
            select(col(Event.rule_id), func.count())
            .where(
                col(Event.team_id) == team_id,
                col(Event.type) == "audit.blocked",
                col(Event.occurred_at) >= since,
                col(Event.rule_id).is_not(None),
            )
            .group_by(col(Event.rule_id))
        )
        if rule_id is not None:
            stmt = stmt.where(col(Event.rule_id) == rule_id)
        return {str(rule): int(n) for rule, n in (await self.session.execute(stmt)).all()}

    async def week_counts(
        self, team_id: uuid.UUID, start: datetime, end: datetime, column: str, limit: int
    ) -> list[tuple[str, int]]:
        """Top values of an event column (type, rule_id, path) in the team's week."""
        field = col(getattr(Event, column))
        stmt = (
            select(field, func.count().label("n"))
            .where(
                col(Event.team_id) == team_id,
                col(Event.occurred_at) >= start,
                col(Event.occurred_at) < end,
                field.is_not(None),
            )
            .group_by(field)
            .order_by(func.count().desc(), field)
            .limit(limit)
        )
        return [(str(v), int(n)) for v, n in (await self.session.execute(stmt)).all()]


class DeliveryRepository(Repository[WebhookDelivery]):
    model = WebhookDelivery

    async def list_for_webhook(
        self, webhook_id: uuid.UUID, *, limit: int, offset: int
    ) -> tuple[Sequence[WebhookDelivery], int]:
        stmt = select(WebhookDelivery).where(col(WebhookDelivery.webhook_id) == webhook_id)
        total = await self.count(stmt)
        order = (col(WebhookDelivery.created_at).desc(), col(WebhookDelivery.attempt).desc())
        return await self.all(stmt.order_by(*order).limit(limit).offset(offset)), total

    async def attempts(self, delivery_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(col(WebhookDelivery.delivery_id) == delivery_id)
        return int((await self.session.execute(stmt)).scalar_one())
