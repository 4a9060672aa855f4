from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime


class TeamActivityAggregate(SQLModel, table=True):
    """Events per team, UTC day, developer and event type (counts and active developers)."""

    __tablename__ = "aggregate_team_activity"

    team_id: uuid.UUID = Field(foreign_key="teams.id", primary_key=True, ondelete="CASCADE")
    day: datetime = Field(sa_column=Column(UTCDateTime, primary_key=True))
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    type: str = Field(primary_key=True, max_length=40)
    count: int = 0
