from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from aura_api.models._types import UTCDateTime, utcnow


class Event(SQLModel, table=True):
    """One client-reported event; append-only, the client's id is the idempotency key."""

    __tablename__ = "events"
    __table_args__ = (
        sa.Index("ix_events_user_occurred", "user_id", "occurred_at", "id"),
        sa.Index("ix_events_team_occurred", "team_id", "occurred_at", "id"),
        sa.Index("ix_events_team_type_occurred", "team_id", "type", "occurred_at"),
        # The sweep looks for events the aggregation has not applied yet; keep that set small.
        sa.Index(
            "ix_events_unaggregated",
            "received_at",
            postgresql_where=sa.text("aggregated_at IS NULL"),
            sqlite_where=sa.text("aggregated_at IS NULL"),
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    team_id: uuid.UUID | None = Field(default=None, foreign_key="teams.id", ondelete="CASCADE")
    type: str = Field(max_length=40)
    source: str = Field(max_length=16)
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    received_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    repo: str | None = Field(default=None, max_length=300)
    path: str | None = Field(default=None, max_length=1024)
    rule_id: str | None = Field(default=None, max_length=200)
    lesson_id: str | None = Field(default=None, max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    aggregated_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime, nullable=True)
    )
