from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from aura_api.events.schemas import RULE_PATTERN
from aura_api.scrub import scrub_text

WebhookEvent = Literal["weekly_digest", "threshold_alert"]
# Stored sealed, which must still fit the columns (2000 and 200 characters).
MAX_URL = 1400
MAX_SECRET = 100
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/?#]{3,}"
MAX_THRESHOLD = 1_000_000


def _http_url(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")) or len(url) < 10:
        raise ValueError("only http and https URLs are allowed")
    return url


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        max_length=MAX_URL,
        pattern=URL_PATTERN,
        description="http(s) endpoint, e.g. a Slack incoming webhook (stored encrypted)",
    )
    secret: str | None = Field(
        default=None,
        min_length=16,
        max_length=MAX_SECRET,
        description="Generated if omitted (stored encrypted)",
    )
    events: list[WebhookEvent] = Field(min_length=1, max_length=10)
    rule_id: str | None = Field(
        default=None,
        max_length=200,
        pattern=RULE_PATTERN,
        description="Threshold alert for this rule (any if null)",
    )
    threshold: int | None = Field(
        default=None,
        ge=1,
        le=MAX_THRESHOLD,
        strict=True,
        description="Alert above this many blocks",
    )
    window: Literal["week"] = "week"
    active: bool = Field(default=True, strict=True)

    _url = field_validator("url")(_http_url)

    @model_validator(mode="after")
    def _threshold_needs_a_number(self) -> Self:
        if "threshold_alert" in self.events and self.threshold is None:
            raise ValueError("threshold_alert needs a threshold")
        return self


class WebhookUpdate(BaseModel):
    """Fields left out, and `url`, `events` or `active` sent as null, stay as they are."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, max_length=MAX_URL, pattern=URL_PATTERN)
    events: list[WebhookEvent] | None = Field(default=None, min_length=1, max_length=10)
    rule_id: str | None = Field(default=None, max_length=200, pattern=RULE_PATTERN)
    threshold: int | None = Field(default=None, ge=1, le=MAX_THRESHOLD, strict=True)
    active: bool | None = Field(default=None, strict=True)

    @field_validator("url")
    @classmethod
    def _url(cls, url: str | None) -> str | None:
        return None if url is None else _http_url(url)


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    team_id: uuid.UUID
    url: str = Field(description="The endpoint, with any token in it masked")
    events: list[str]
    rule_id: str | None
    threshold: int | None
    window: str
    active: bool
    created_at: datetime
    updated_at: datetime

    _masked_url = field_validator("url")(scrub_text)


class WebhookCreated(WebhookRead):
    secret: str = Field(description="Shown once: verify X-Aura-Signature with it")


class WebhookList(BaseModel):
    items: list[WebhookRead]
    total: int


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    delivery_id: uuid.UUID
    kind: str
    attempt: int
    succeeded: bool
    status_code: int | None
    error: str | None
    duration_ms: float
    created_at: datetime


class DeliveryList(BaseModel):
    items: list[DeliveryRead]
    total: int
