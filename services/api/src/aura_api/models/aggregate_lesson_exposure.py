from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import JSON, Column, Field, SQLModel

from aura_api.models._types import UTCDateTime


class LessonExposureAggregate(SQLModel, table=True):
    """A developer's first exposure to a lesson and violations of its rules around it."""

    __tablename__ = "aggregate_lesson_exposures"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    lesson_id: str = Field(primary_key=True, max_length=200)
    team_id: uuid.UUID | None = Field(
        default=None, foreign_key="teams.id", index=True, ondelete="CASCADE"
    )
    exposed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    rule_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    violations_before: int = 0
    violations_after: int = 0
