from __future__ import annotations

import uuid

from sqlmodel import Field, SQLModel


class AuditFinding(SQLModel, table=True):
    """One finding of an audit; its snippet is redacted again on the server."""

    __tablename__ = "audit_findings"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    audit_id: uuid.UUID = Field(foreign_key="audits.id", index=True, ondelete="CASCADE")
    position: int = 0
    rule_id: str = Field(max_length=200)
    category: str = Field(max_length=40)
    severity: str = Field(max_length=10)
    path: str = Field(max_length=1024)
    line: int
    end_line: int | None = None
    column: int | None = None
    message: str = Field(max_length=1000)
    fix: str | None = Field(default=None, max_length=1000)
    lesson_id: str | None = Field(default=None, max_length=200)
    fingerprint: str = Field(max_length=100)
    snippet: str | None = Field(default=None, max_length=2000)
