from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime, utcnow


class RuleMastery(SQLModel, table=True):
    """Bayesian Knowledge Tracing state of one developer on one rule (docs/analytics/mastery.md)."""

    __tablename__ = "rule_mastery"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    rule_id: str = Field(primary_key=True, max_length=200)
    p_mastery: float
    # P(L) before the oldest entry of `tail`; `tail` holds the last observations with their
    # times (analytics/tail.py) so a late event can be placed in order and replayed cheaply.
    checkpoint_p: float
    tail: str = Field(default="", sa_column=Column(Text, nullable=False))
    observations: int = 0
    correct: int = 0
    incorrect: int = 0
    lessons_completed: int = 0
    repeat_violations: int = 0
    last_event_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
