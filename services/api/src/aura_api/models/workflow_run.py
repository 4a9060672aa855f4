from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from aura_api.models._types import UTCDateTime, utcnow


class WorkflowRun(SQLModel, table=True):
    """One audit or struggle workflow run: a redacted input summary (never code), the output,
    and timings. The caller's run history."""

    __tablename__ = "workflow_runs"
    __table_args__ = (sa.Index("ix_workflow_runs_user_started", "user_id", "started_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)
    status: str = Field(max_length=16)
    input_summary: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    output: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    error: str | None = Field(default=None, max_length=1000)
    started_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    duration_ms: float | None = None
    llm_ms: float | None = None
    ttft_ms: float | None = None
