"""Check one reported event at a time, so a bad item rejects only itself."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from pydantic import ValidationError

from aura_api.events.schemas import EventIn, Rejection, RejectionError
from aura_api.scrub import MAX_JSON_DEPTH, json_depth, scrub_data, scrub_text, unstorable_text

MAX_DATA_BYTES = 4096
MAX_CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class TeamChoice:
    """Where events go when they name no team: the header's team, else the user's only team."""

    member_of: frozenset[uuid.UUID]
    default: uuid.UUID | None
    foreign_header: bool = False  # the header named a team the caller is not in


def scoped_event_id(user_id: uuid.UUID, client_id: uuid.UUID) -> uuid.UUID:
    """Where an event goes when another user's event already has its id:
    uuid5(namespace=submitter's user id, name=the client's id). Idempotency is thereby scoped
    to the submitter: nobody can pre-empt your ids or learn whether an id exists."""
    return uuid.uuid5(user_id, str(client_id))


def _reject(index: int, raw: Any, code: str, message: str) -> Rejection:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    return Rejection(
        index=index,
        id=str(raw_id)[:64] if raw_id is not None else None,
        error=RejectionError(code=code, message=message),
    )


def _schema_problem(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err.get("loc", ())) or "event"
    if field == "type" and err.get("type") == "enum":
        return "unknown_event_type", f"Unknown event type: {err.get('input')!r}"
    if field == "source" and err.get("type") == "enum":
        return "unknown_source", "source must be one of cli, vscode, ci, web"
    return "invalid_event", f"{field}: {err.get('msg', 'invalid')}"


def check_event(
    index: int, raw: Any, *, user_id: uuid.UUID, teams: TeamChoice, now: datetime
) -> dict[str, Any] | Rejection:
    """The row to store for `raw`, or why it is rejected. Text is redacted, code dropped."""
    if not isinstance(raw, dict):
        return _reject(index, raw, "invalid_event", "An event must be a JSON object")
    if json_depth(raw) > MAX_JSON_DEPTH + 1:  # the event object itself is one level
        return _reject(index, raw, "invalid_event", f"data nests deeper than {MAX_JSON_DEPTH}")
    if unstorable_text(raw):
        # NUL or a lone surrogate cannot be stored; refuse this event, keep the rest of the batch.
        return _reject(
            index, raw, "invalid_event", "Text may not contain NUL or unpaired surrogate characters"
        )
    try:
        event = EventIn.model_validate(raw)
    except ValidationError as exc:
        return _reject(index, raw, *_schema_problem(exc))
    occurred = event.occurred_at
    occurred = occurred.replace(tzinfo=UTC) if occurred.tzinfo is None else occurred
    if occurred > now + MAX_CLOCK_SKEW:
        return _reject(index, raw, "occurred_in_future", "occurred_at is in the future")
    if len(orjson.dumps(event.data, default=str)) > MAX_DATA_BYTES:
        return _reject(index, raw, "data_too_large", f"data exceeds {MAX_DATA_BYTES} bytes")
    team_id = event.team_id or teams.default
    named = event.team_id is not None or teams.foreign_header
    if named and (team_id is None or team_id not in teams.member_of):
        return _reject(index, raw, "team_not_member", "You are not a member of this team")
    return {
        "id": event.id,
        "user_id": user_id,
        "team_id": team_id,
        "type": event.type.value,
        "source": event.source.value,
        "occurred_at": occurred,
        "received_at": now,
        "repo": scrub_text(event.repo) if event.repo else None,
        "path": scrub_text(event.path) if event.path else None,
        "rule_id": scrub_text(event.rule_id) if event.rule_id else None,
        "lesson_id": scrub_text(event.lesson_id) if event.lesson_id else None,
        "data": scrub_data(event.data),
        "aggregated_at": None,
    }
