from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime, utcnow


class WebhookDelivery(SQLModel, table=True):
    """One attempt to deliver one payload; attempts of a payload share `delivery_id`."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    webhook_id: uuid.UUID = Field(foreign_key="webhooks.id", ondelete="CASCADE")
    delivery_id: uuid.UUID
    kind: str = Field(max_length=32)
    attempt: int
    succeeded: bool
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=500)
    duration_ms: float = 0.0
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
