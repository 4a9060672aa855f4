from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_BATCH = 500
# A keyset position: microseconds since the epoch and an event id. Any such value is a valid
# position (an all-zero one is simply before everything), so no cursor is "invalid".
CURSOR_PATTERN = r"^[0-9]{1,16}_[0-9a-f]{32}$"
RULE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_./:-]{0,199}$"


class EventType(StrEnum):
    audit_finding = "audit.finding"
    audit_passed = "audit.passed"
    audit_blocked = "audit.blocked"
    hook_bypassed = "hook.bypassed"
    suppression_added = "suppression.added"
    lesson_shown = "lesson.shown"
    lesson_opened = "lesson.opened"
    lesson_completed = "lesson.completed"
    struggle_detected = "struggle.detected"
    feedback_not_useful = "feedback.not_useful"
    feedback_helpful = "feedback.helpful"
    fix_applied = "fix.applied"


class EventSource(StrEnum):
    cli = "cli"
    vscode = "vscode"
    ci = "ci"
    web = "web"


class EventIn(BaseModel):
    """One event as a client reports it; unknown fields are ignored (never stored)."""

    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    type: EventType
    source: EventSource
    occurred_at: datetime
    repo: str | None = Field(default=None, max_length=300)
    path: str | None = Field(default=None, max_length=1024)
    rule_id: str | None = Field(default=None, max_length=200, pattern=RULE_PATTERN)
    lesson_id: str | None = Field(default=None, max_length=200, pattern=RULE_PATTERN)
    team_id: uuid.UUID | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class EventBatch(BaseModel):
    """Items are validated one by one by the service, so one bad event rejects only itself."""

    model_config = ConfigDict(extra="forbid")

    events: list[Any] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description=f"1..{MAX_BATCH} events; more is 413 batch_too_large",
    )


class RejectionError(BaseModel):
    code: str
    message: str


class Rejection(BaseModel):
    index: int
    id: str | None
    error: RejectionError


class IngestResult(BaseModel):
    accepted: int = Field(description="Events stored by this request")
    duplicates: int = Field(description="Events already stored (same id); ignored")
    rejected: list[Rejection]


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(
        description="The client's event id; when another user's event already had that id, "
        "uuid5(namespace=user_id, name=the client's id) (idempotency is per submitter)"
    )
    user_id: uuid.UUID
    team_id: uuid.UUID | None
    type: str
    source: str
    occurred_at: datetime
    received_at: datetime
    repo: str | None
    path: str | None
    rule_id: str | None
    lesson_id: str | None
    data: dict[str, Any]


class EventList(BaseModel):
    items: list[EventRead]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next (older) page")
