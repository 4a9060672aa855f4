from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import JSON, Column, Field, SQLModel

from aura_api.models._types import SealedString, UTCDateTime, utcnow


class Webhook(SQLModel, table=True):
    """A team's subscription: weekly digests and/or a blocked-rule threshold alert."""

    __tablename__ = "webhooks"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="teams.id", index=True, ondelete="CASCADE")
    # Sealed (encrypted at rest): delivery needs both in clear, and a URL can carry a token.
    url: str = Field(sa_column=Column(SealedString(2000), nullable=False))
    secret: str = Field(sa_column=Column(SealedString(200), nullable=False))
    events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rule_id: str | None = Field(default=None, max_length=200)
    threshold: int | None = None
    window: str = Field(default="week", max_length=16)
    active: bool = True
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
