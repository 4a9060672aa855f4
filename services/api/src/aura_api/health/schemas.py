from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class LiveRead(BaseModel):
    status: Literal["ok"] = "ok"


class CheckRead(BaseModel):
    status: Literal["ok", "down", "not_configured"]
    detail: str | None = None


class ReadyRead(BaseModel):
    status: Literal["ready"] = "ready"
    checks: dict[str, CheckRead]
