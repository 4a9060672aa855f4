from __future__ import annotations

import uuid

from sqlmodel import Field, SQLModel


class RuleFeedbackAggregate(SQLModel, table=True):
    """Per team, rule and repository: findings, blocked commits and the feedback given."""

    __tablename__ = "aggregate_rule_feedback"

    team_id: uuid.UUID = Field(foreign_key="teams.id", primary_key=True, ondelete="CASCADE")
    rule_id: str = Field(primary_key=True, max_length=200)
    repo: str = Field(default="", primary_key=True, max_length=300)
    findings: int = 0
    blocked: int = 0
    not_useful: int = 0
    helpful: int = 0
