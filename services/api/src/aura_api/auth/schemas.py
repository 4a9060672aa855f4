from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from aura_api.scrub import ClientText

Password = Field(min_length=8, max_length=256)


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr
    password: str = Password
    display_name: ClientText | None = Field(default=None, max_length=120)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    email: str
    display_name: str | None
    is_superuser: bool
    created_at: datetime
    updated_at: datetime


class UserUpdate(BaseModel):
    """Change the display name, or the password (which needs the current one)."""

    model_config = ConfigDict(extra="forbid")
    display_name: ClientText | None = Field(default=None, max_length=120)
    password: str | None = Field(default=None, min_length=8, max_length=256)
    current_password: str | None = Field(
        default=None, min_length=1, max_length=256, description="Required with `password`"
    )

    @model_validator(mode="after")
    def _password_change_needs_current(self) -> UserUpdate:
        if self.password is not None and not self.current_password:
            raise ValueError("current_password is required to change the password")
        return self


class LoginCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr
    password: str = Field(max_length=256)


class RefreshCreate(BaseModel):
    """The refresh token; omit it when the browser sends it as the aura_refresh cookie."""

    model_config = ConfigDict(extra="forbid")
    refresh_token: str | None = Field(default=None, max_length=512)


class TokenPairRead(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str
