from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Column, Field, SQLModel

from aura_api.models._types import UTCDateTime


class HotspotAggregate(SQLModel, table=True):
    """Interventions per team, path (and each parent directory), time bucket, repository and kind.

    The key starts with (team, bucket, depth, bucket_start): a drill-down reads one level of
    the tree over a time range from the primary key alone (all repositories or one), and a
    write maintains one index."""

    __tablename__ = "aggregate_hotspots"

    team_id: uuid.UUID = Field(foreign_key="teams.id", primary_key=True, ondelete="CASCADE")
    bucket: str = Field(primary_key=True, max_length=8)  # day | week
    depth: int = Field(primary_key=True, description="Path segments: 1 for top-level entries")
    bucket_start: datetime = Field(sa_column=Column(UTCDateTime, primary_key=True))
    repo: str = Field(default="", primary_key=True, max_length=300, description='"" when unnamed')
    path_prefix: str = Field(primary_key=True, max_length=1024)
    kind: str = Field(primary_key=True, max_length=16)
    count: int = 0
