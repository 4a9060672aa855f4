from __future__ import annotations

from pydantic import BaseModel, Field


class LessonSummary(BaseModel):
    id: str
    title: str
    rules: list[str]
    languages: list[str]
    level: str
    tags: list[str]
    errors: list[str] = Field(description="Error-message patterns (regular expressions)")
    builtin: bool = True


class LessonRead(LessonSummary):
    markdown: str


class LessonList(BaseModel):
    items: list[LessonSummary]
    total: int
