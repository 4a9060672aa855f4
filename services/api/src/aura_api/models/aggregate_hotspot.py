from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime


class HotspotAggregate(SQLModel, table=True):
    """Interventions per team, path (and each parent directory), time bucket and kind."""

    __tablename__ = "aggregate_hotspots"
    # Drill-down reads one level of the tree (the children of a prefix) over a time range.
    __table_args__ = (
        sa.Index("ix_aggregate_hotspots_level", "team_id", "bucket", "depth", "bucket_start"),
    )

    team_id: uuid.UUID = Field(foreign_key="teams.id", primary_key=True, ondelete="CASCADE")
    bucket: str = Field(primary_key=True, max_length=8)  # day | week
    bucket_start: datetime = Field(sa_column=Column(UTCDateTime, primary_key=True))
    path_prefix: str = Field(primary_key=True, max_length=1024)
    kind: str = Field(primary_key=True, max_length=16)
    depth: int = Field(description="Path segments: 1 for top-level entries")
    count: int = 0
