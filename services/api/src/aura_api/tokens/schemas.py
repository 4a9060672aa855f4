from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from aura_api.scrub import ClientText


class ApiTokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: ClientText = Field(min_length=1, max_length=100, examples=["laptop cli"])
    expires_in_days: int | None = Field(default=None, ge=1, le=3650, strict=True)


class ApiTokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    name: str
    token_prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreated(ApiTokenRead):
    """The new token; `token` is shown only in this response and never again."""

    token: str


class ApiTokenList(BaseModel):
    items: list[ApiTokenRead]
    total: int
