from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime


class TeamDayAggregate(SQLModel, table=True):
    """Events per team, UTC day, type and repository: the overview sums a window of days."""

    __tablename__ = "aggregate_team_days"

    team_id: uuid.UUID = Field(foreign_key="teams.id", primary_key=True, ondelete="CASCADE")
    day: datetime = Field(sa_column=Column(UTCDateTime, primary_key=True))
    type: str = Field(primary_key=True, max_length=40)
    repo: str = Field(default="", primary_key=True, max_length=300)
    count: int = 0
