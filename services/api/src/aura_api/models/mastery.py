from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import JSON, Column, Field, SQLModel

from aura_api.models._types import UTCDateTime, utcnow


class RuleMastery(SQLModel, table=True):
    """Bayesian Knowledge Tracing state of one developer on one rule (docs/analytics/mastery.md)."""

    __tablename__ = "rule_mastery"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    rule_id: str = Field(primary_key=True, max_length=200)
    p_mastery: float
    # P(L) before the oldest entry of `recent`; `recent` holds the last observations as
    # [timestamp, outcome] so a late event can be placed in time order and replayed cheaply.
    checkpoint_p: float
    recent: list[list[str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    observations: int = 0
    correct: int = 0
    incorrect: int = 0
    lessons_completed: int = 0
    repeat_violations: int = 0
    last_event_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
