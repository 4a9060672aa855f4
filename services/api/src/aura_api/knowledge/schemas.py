from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from aura_api.scrub import ClientText

MAX_RULES_YAML = 256 * 1024
MAX_LESSON = 64 * 1024
MAX_VERSION = 2_147_483_647  # the version column is a 32-bit integer
LessonName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LessonText = Annotated[str, StringConstraints(max_length=MAX_LESSON)]


class RuleRead(BaseModel):
    id: str
    category: str
    severity: str
    pack: str
    lesson_id: str | None
    enabled: bool
    message: str
    builtin: bool


class RuleList(BaseModel):
    items: list[RuleRead]
    total: int


class LessonIndexEntry(BaseModel):
    id: str
    title: str
    rules: list[str]
    languages: list[str]
    level: str
    tags: list[str]
    builtin: bool


class KnowledgeImport(BaseModel):
    """The team's `.aura/rules.yaml` text and its lesson files (name → Markdown)."""

    model_config = ConfigDict(extra="forbid")
    rules_yaml: str = Field(max_length=MAX_RULES_YAML)
    lessons: dict[LessonName, LessonText] = Field(default_factory=dict, max_length=200)
    message: ClientText | None = Field(default=None, max_length=500)
    base_version: int | None = Field(
        default=None,
        ge=0,
        le=MAX_VERSION,
        strict=True,
        description="Refuse (409) unless this is still the current version",
    )


class KnowledgeRollback(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message: ClientText | None = Field(default=None, max_length=500)


class KnowledgeVersionSummary(BaseModel):
    version: int
    message: str | None
    author_id: uuid.UUID | None
    created_at: datetime
    restored_from: int | None
    content_hash: str
    rules: int
    lessons: int


class KnowledgeVersionList(BaseModel):
    items: list[KnowledgeVersionSummary]
    total: int


class KnowledgeVersionRead(BaseModel):
    team_id: uuid.UUID
    version: int = Field(description="0 before the team's first import")
    rules_yaml: str
    rules: list[RuleRead] = Field(description="Rules the team file declares or overrides")
    lessons: dict[str, str] = Field(description="Team lesson Markdown by lesson id")
    message: str | None
    author_id: uuid.UUID | None
    created_at: datetime | None
    restored_from: int | None
    content_hash: str


class KnowledgeExport(BaseModel):
    version: int
    rules_yaml: str
    lessons: dict[str, str] = Field(description="Lesson id → Markdown file content")


class KnowledgeMapRead(BaseModel):
    """Everything a client needs to sync, in one response (served with a strong ETag)."""

    team_id: uuid.UUID
    version: int
    rules_yaml: str
    rules: list[RuleRead] = Field(description="Built-in and team rules, effective for the team")
    builtin_rule_ids: list[str]
    lessons: list[LessonIndexEntry]
    team_lessons: dict[str, str]
