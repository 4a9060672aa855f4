"""Filters of the audit list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AuditQuery:
    team_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    repo: str | None = None
    status: str | None = None
    source: str | None = None
