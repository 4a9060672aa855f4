from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from aura_api.scrub import ClientText

SignalName = Annotated[ClientText, StringConstraints(min_length=1, max_length=64)]
SignalScore = Annotated[float, Field(ge=0.0, le=1.0, strict=True)]
ErrorText = Annotated[ClientText, StringConstraints(max_length=4000)]
RuleId = Annotated[ClientText, StringConstraints(min_length=1, max_length=200)]
# The engine's limit is the bytes setting (413); this keeps the schema bounded too.
MAX_DIFF_CHARS = 16 * 1024 * 1024


class WorkflowKind(StrEnum):
    audit = "audit"
    struggle = "struggle"


class WorkflowStatus(StrEnum):
    succeeded = "succeeded"
    failed = "failed"
    streaming = "streaming"


class AuditRunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    diff: str = Field(
        max_length=MAX_DIFF_CHARS,
        description="A unified diff; only added lines are audited (never stored)",
    )
    rules_yaml: str | None = Field(
        default=None, max_length=64_000, description="Optional `.aura/rules.yaml` content"
    )
    repo: ClientText | None = Field(default=None, max_length=300)
    explain: bool = Field(
        default=True, strict=True, description="Ask the LLM (if configured) to explain"
    )


class StruggleRunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signals: dict[SignalName, SignalScore] = Field(max_length=20)
    errors: list[ErrorText] = Field(default_factory=list, max_length=10)
    rule_ids: list[RuleId] = Field(default_factory=list, max_length=20)
    language: ClientText | None = Field(default=None, max_length=32)
    code: ClientText = Field(
        default="",
        max_length=20_000,
        description="A short excerpt; bounded to 40 lines / 2,000 characters and redacted",
    )
    file_path: ClientText | None = Field(default=None, max_length=500)
    stream: bool = Field(
        default=True,
        strict=True,
        description="With an LLM: return at once with status `streaming` and relay the "
        "personalised lesson on the stream endpoint; false waits for the whole text",
    )


class FindingRead(BaseModel):
    rule_id: str
    category: str
    severity: str
    path: str
    line: int
    end_line: int
    column: int
    message: str
    fix: str
    lesson_id: str | None
    fingerprint: str
    snippet: str


class AuditRunRead(BaseModel):
    run_id: uuid.UUID
    status: WorkflowStatus
    audit_status: str = Field(description="`pass` or `fail`, as the engine decided")
    findings: list[FindingRead]
    explanation: str | None
    stats: dict[str, Any]
    duration_ms: float


class StruggleDecision(BaseModel):
    fire: bool
    score: float
    reason: str


class LessonBrief(BaseModel):
    id: str
    title: str
    markdown: str
    reasons: list[str] = Field(default_factory=list, description="Why retrieval chose it")


class StruggleRunRead(BaseModel):
    run_id: uuid.UUID
    status: WorkflowStatus
    decision: StruggleDecision
    lesson: LessonBrief | None
    alternatives: list[str]
    personalised: str | None = Field(description="Set when not streaming and an LLM answered")
    stream_url: str | None = Field(description="SSE endpoint that relays the personalised text")
    duration_ms: float


class WorkflowRunRead(BaseModel):
    id: uuid.UUID
    kind: WorkflowKind
    status: WorkflowStatus
    input_summary: dict[str, Any]
    output: dict[str, Any] | None
    error: str | None
    started_at: datetime
    finished_at: datetime | None
    duration_ms: float | None
    llm_ms: float | None
    ttft_ms: float | None


class WorkflowRunList(BaseModel):
    items: list[WorkflowRunRead]
    total: int
