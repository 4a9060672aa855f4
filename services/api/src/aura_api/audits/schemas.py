from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aura_api.events.schemas import RULE_PATTERN, EventSource
from aura_api.scrub import ClientData, ClientText

MAX_FINDINGS = 2000
MAX_LINE = 100_000_000  # far above any real file, far below any integer column
MAX_COUNT = 2_000_000_000


class FindingIn(BaseModel):
    """One finding of the findings JSON v1 (DESIGN.md)."""

    model_config = ConfigDict(extra="ignore")

    rule_id: ClientText = Field(max_length=200, pattern=RULE_PATTERN)
    category: ClientText = Field(min_length=1, max_length=40)
    severity: Literal["error", "warning", "info"]
    path: ClientText = Field(min_length=1, max_length=1024)
    line: int = Field(ge=1, le=MAX_LINE, strict=True)
    end_line: int | None = Field(default=None, ge=1, le=MAX_LINE, strict=True)
    column: int | None = Field(default=None, ge=1, le=MAX_LINE, strict=True)
    message: ClientText = Field(max_length=1000)
    fix: ClientText | None = Field(default=None, max_length=1000)
    lesson_id: ClientText | None = Field(default=None, max_length=200, pattern=RULE_PATTERN)
    fingerprint: ClientText = Field(min_length=1, max_length=100)
    snippet: ClientText | None = Field(default=None, max_length=2000)


class AuditSubmit(BaseModel):
    """The findings JSON v1 plus where the audit ran."""

    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID | None = Field(
        default=None,
        description="Your id for this audit: sending it again returns the stored audit (200) "
        "instead of storing a second one, so a client may resend after a lost answer",
    )
    version: Literal[1]
    status: Literal["pass", "fail"]
    findings: list[FindingIn] = Field(
        max_length=MAX_FINDINGS, description=f"At most {MAX_FINDINGS}; more is 413"
    )
    suppressed: int = Field(default=0, ge=0, le=MAX_COUNT, strict=True)
    stats: ClientData = Field(default_factory=dict, max_length=100)
    source: EventSource
    repo: ClientText | None = Field(default=None, max_length=300)
    commit: str | None = Field(default=None, max_length=64, pattern=r"^[0-9a-fA-F]{4,64}$")
    ref: ClientText | None = Field(default=None, max_length=200)
    team_id: uuid.UUID | None = None


class AuditRead(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    team_id: uuid.UUID | None
    source: str
    repo: str | None
    commit: str | None
    ref: str | None
    status: str
    version: int
    findings_count: int
    suppressed: int
    stats: dict[str, Any]
    created_at: datetime


class FindingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rule_id: str
    category: str
    severity: str
    path: str
    line: int
    end_line: int | None
    column: int | None
    message: str
    fix: str | None
    lesson_id: str | None
    fingerprint: str
    snippet: str | None


class AuditDetail(AuditRead):
    findings: list[FindingRead]


class AuditList(BaseModel):
    items: list[AuditRead]
    total: int
