from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime


class SuppressionAggregate(SQLModel, table=True):
    """Suppressions added per team, rule, path and expiry date (empty path/no expiry allowed)."""

    __tablename__ = "aggregate_suppressions"

    id: int | None = Field(default=None, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="teams.id", index=True, ondelete="CASCADE")
    rule_id: str = Field(max_length=200)
    path: str = Field(max_length=1024)
    until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    repo: str = Field(default="", max_length=300)
    count: int = 0
    last_added_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
