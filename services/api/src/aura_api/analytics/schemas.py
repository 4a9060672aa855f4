from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class Bucket(StrEnum):
    day = "day"
    week = "week"


class RuleMasteryRead(BaseModel):
    rule_id: str
    lesson_id: str | None
    p_mastery: float = Field(description="BKT estimate that the pattern is learned, 0..1")
    mastered: bool
    observations: int
    correct: int
    incorrect: int
    lessons_completed: int
    repeat_violations: int
    last_event_at: datetime


class SkillCategory(BaseModel):
    category: str
    mastery: float = Field(description="Mean P(L) over the category's rules with evidence")
    mastered: int
    rules: list[RuleMasteryRead]


class SkillTreeRead(BaseModel):
    user_id: uuid.UUID
    team_id: uuid.UUID | None
    mastered_threshold: float
    categories: list[SkillCategory]


class RuleRollup(BaseModel):
    rule_id: str
    average_mastery: float
    developers: int
    observations: int


class OwnRuleMastery(BaseModel):
    rule_id: str
    p_mastery: float
    mastered: bool
    observations: int


class TeamOverviewRead(BaseModel):
    team_id: uuid.UUID
    repo: str | None = Field(default=None, description="The repository the numbers are about")
    withheld: bool = Field(description="True when the team is below the minimum group size")
    reason: str | None = Field(default=None, description="Why team numbers are withheld")
    min_group_size: int
    window_days: int
    active_developers: int | None = None
    event_counts: dict[str, int] = Field(default_factory=dict)
    rules: list[RuleRollup] = Field(default_factory=list)
    rules_withheld: int = Field(default=0, description="Rules with too few developers to show")
    rules_withheld_reason: str | None = None
    you: list[OwnRuleMastery] = Field(
        default_factory=list,
        description="Your own mastery per rule: always shown to you, whatever the team size",
    )


class HotspotBucket(BaseModel):
    start: datetime
    counts: dict[str, int]


class Hotspot(BaseModel):
    path: str
    is_directory: bool
    total: int
    by_kind: dict[str, int]
    buckets: list[HotspotBucket]


class HotspotList(BaseModel):
    team_id: uuid.UUID
    repo: str | None = None
    bucket: Bucket
    since: datetime
    until: datetime
    items: list[Hotspot]


class RulePrecision(BaseModel):
    rule_id: str
    findings: int
    blocked: int
    not_useful: int
    helpful: int
    precision: float | None = Field(description="1 - not_useful / findings; null without findings")


class RulePrecisionList(BaseModel):
    team_id: uuid.UUID
    repo: str | None = None
    items: list[RulePrecision]


class SuppressedPath(BaseModel):
    path: str
    count: int
    until: datetime | None
    expired: bool


class RuleSuppressions(BaseModel):
    rule_id: str
    total: int
    active: int
    expired: int
    without_expiry: int
    paths: list[SuppressedPath]


class SuppressionDebt(BaseModel):
    team_id: uuid.UUID
    repo: str | None = None
    total: int
    active: int
    expired: int
    items: list[RuleSuppressions]


class LessonEfficacy(BaseModel):
    lesson_id: str
    developers: int
    violations_before: int
    violations_after: int
    repeat_rate_before: float = Field(description="Share of developers violating before")
    repeat_rate_after: float = Field(description="Share of developers violating after")
    mean_violations_before: float
    mean_violations_after: float


class OwnLessonEfficacy(BaseModel):
    lesson_id: str
    violations_before: int
    violations_after: int


class LessonEfficacyList(BaseModel):
    team_id: uuid.UUID
    window_days: int
    withheld: bool
    reason: str | None = None
    min_group_size: int
    items: list[LessonEfficacy]
    you: list[OwnLessonEfficacy] = Field(
        default_factory=list,
        description="Your own violations before and after each lesson you saw: always shown to you",
    )
