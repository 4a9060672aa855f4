"""What the aggregation reads of a stored event: plain data, no ORM object per row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """The columns analytics derive from (aggregation batches hold thousands of these)."""

    id: uuid.UUID
    user_id: uuid.UUID
    team_id: uuid.UUID | None
    type: str
    occurred_at: datetime
    path: str | None
    rule_id: str | None
    lesson_id: str | None
    data: dict[str, Any]
    repo: str | None
