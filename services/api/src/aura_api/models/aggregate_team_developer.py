from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime


class TeamDeveloperAggregate(SQLModel, table=True):
    """The latest UTC day each developer was active in a team. Overview windows end today, so
    "active in the last N days" is a count of rows with `last_active_day` in the window."""

    __tablename__ = "aggregate_team_developers"

    team_id: uuid.UUID = Field(foreign_key="teams.id", primary_key=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    repo: str = Field(default="", primary_key=True, max_length=300)
    last_active_day: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
