from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from aura_api.models import TeamRole
from aura_api.scrub import ClientText, scrub_text

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"


class TeamCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: ClientText = Field(min_length=1, max_length=120)
    slug: str | None = Field(
        default=None,
        max_length=80,
        pattern=SLUG_PATTERN,
        description="Derived from name if omitted",
    )

    @field_validator("slug")
    @classmethod
    def _readable_slug(cls, slug: str | None) -> str | None:
        if slug is not None and scrub_text(slug) != slug:
            raise ValueError("the slug looks like a generated secret; choose a readable one")
        return slug


class TeamUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: ClientText = Field(min_length=1, max_length=120)


class TeamRead(BaseModel):
    id: uuid.UUID
    name: str
    slug: str
    created_at: datetime
    role: TeamRole = Field(description="Your role in this team")


class TeamList(BaseModel):
    items: list[TeamRead]
    total: int


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr
    role: TeamRole = TeamRole.member


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: TeamRole


class MemberRead(BaseModel):
    user_id: uuid.UUID
    email: str
    display_name: str | None
    role: TeamRole
    joined_at: datetime


class MemberList(BaseModel):
    items: list[MemberRead]
    total: int
