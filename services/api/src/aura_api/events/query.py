"""Filters of the event feed, shared by the endpoint, the service and the repository."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class EventQuery:
    team_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    type: str | None = None
    rule_id: str | None = None
    repo: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: tuple[datetime, uuid.UUID] | None = None
