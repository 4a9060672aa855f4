from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel, String

from aura_api.models._types import UTCDateTime, utcnow


class TeamRole(StrEnum):
    admin = "admin"
    lead = "lead"
    member = "member"


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_members"

    team_id: uuid.UUID = Field(foreign_key="teams.id", primary_key=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(
        foreign_key="users.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    role: TeamRole = Field(sa_column=Column(String(16), nullable=False))
    joined_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
