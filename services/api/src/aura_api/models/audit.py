from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from aura_api.models._types import UTCDateTime, utcnow


class Audit(SQLModel, table=True):
    """One submitted findings report (findings JSON v1) with where it came from."""

    __tablename__ = "audits"
    __table_args__ = (
        sa.Index("ix_audits_user_created", "user_id", "created_at"),
        sa.Index("ix_audits_team_created", "team_id", "created_at"),
        # A client resending an audit (its answer was lost) gets the stored one back.
        sa.Index("ux_audits_user_client", "user_id", "client_id", unique=True),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    client_id: uuid.UUID | None = Field(default=None, description="The submitter's id for it")
    team_id: uuid.UUID | None = Field(default=None, foreign_key="teams.id", ondelete="CASCADE")
    source: str = Field(max_length=16)
    repo: str | None = Field(default=None, max_length=300)
    commit_sha: str | None = Field(default=None, max_length=64)
    ref: str | None = Field(default=None, max_length=200)
    status: str = Field(max_length=8)
    version: int = 1
    findings_count: int = 0
    suppressed: int = 0
    stats: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
