from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime, utcnow


class WebhookFiring(SQLModel, table=True):
    """A notification already sent for a period, so each fires once (webhook, kind, key, week)."""

    __tablename__ = "webhook_firings"

    webhook_id: uuid.UUID = Field(foreign_key="webhooks.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(max_length=32, primary_key=True)
    key: str = Field(max_length=200, primary_key=True)
    period: str = Field(max_length=10, primary_key=True)
    fired_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
