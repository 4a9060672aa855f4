from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from aura_api.models._types import UTCDateTime, utcnow


class KnowledgeVersion(SQLModel, table=True):
    """One immutable version of a team's knowledge map: the whole document, never a diff."""

    __tablename__ = "knowledge_versions"
    __table_args__ = (sa.UniqueConstraint("team_id", "version", name="uq_knowledge_team_version"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="teams.id", ondelete="CASCADE")
    version: int
    rules_yaml: str = Field(sa_column=Column(sa.Text(), nullable=False))
    rules: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    lessons: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=64)
    message: str | None = Field(default=None, max_length=500)
    restored_from: int | None = None
    author_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )
