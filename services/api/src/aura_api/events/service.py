"""Event ingestion (idempotent, item-by-item validation) and the event feed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.principal import Principal
from aura_api.authz import Action, visible_user
from aura_api.events.errors import BatchTooLarge
from aura_api.events.intake import TeamChoice, check_event, scoped_event_id
from aura_api.events.query import EventQuery
from aura_api.events.repository import EventRepository
from aura_api.events.schemas import MAX_BATCH, IngestResult, Rejection
from aura_api.models import Event
from aura_api.resources import Resources


@dataclass(frozen=True, slots=True)
class Ingested:
    """What the request answers, plus the newly stored rows for the after-commit work."""

    result: IngestResult
    stored: list[dict[str, Any]]


async def _team_choice(
    repo: EventRepository, user: Principal, header_team: uuid.UUID | None
) -> TeamChoice:
    teams = frozenset(await repo.memberships(user.id))
    if header_team is not None:
        # Events that rely on a header naming a foreign team are rejected one by one.
        if header_team not in teams:
            return TeamChoice(teams, None, foreign_header=True)
        return TeamChoice(teams, header_team)
    return TeamChoice(teams, next(iter(teams)) if len(teams) == 1 else None)


async def ingest(
    session: AsyncSession,
    user: Principal,
    items: Sequence[Any],
    header_team: uuid.UUID | None = None,
) -> Ingested:
    """Store the valid, new events of a batch; duplicates and bad items are reported."""
    if len(items) > MAX_BATCH:
        raise BatchTooLarge(len(items), MAX_BATCH)
    repo = EventRepository(session)
    teams = await _team_choice(repo, user, header_team)
    now = datetime.now(UTC)
    rejected: list[Rejection] = []
    rows: dict[uuid.UUID, dict[str, Any]] = {}
    repeats = 0
    for index, raw in enumerate(items):
        checked = check_event(index, raw, user_id=user.id, teams=teams, now=now)
        if isinstance(checked, Rejection):
            rejected.append(checked)
        elif checked["id"] in rows:
            repeats += 1
        else:
            rows[checked["id"]] = checked
    new_ids = await repo.insert_new(list(rows.values()))
    if len(new_ids) < len(rows):
        new_ids |= await _store_under_scoped_ids(repo, user.id, rows, new_ids)
    result = IngestResult(
        accepted=len(new_ids), duplicates=len(rows) - len(new_ids) + repeats, rejected=rejected
    )
    return Ingested(result, [row for key, row in rows.items() if key in new_ids])


async def _store_under_scoped_ids(
    repo: EventRepository,
    user_id: uuid.UUID,
    rows: dict[uuid.UUID, dict[str, Any]],
    new_ids: set[uuid.UUID],
) -> set[uuid.UUID]:
    """Ids that were taken: your own event is a duplicate; another user's (a collision, or an
    attempt to pre-empt or probe) does not concern you, so yours is stored under its scoped id
    (a duplicate again only if that one exists). Either way you learn nothing about others."""
    taken = [key for key in rows if key not in new_ids]
    owners = await repo.owners(taken)
    foreign = [key for key in taken if owners.get(key) != user_id]
    if not foreign:
        return set()
    moved = []
    for key in foreign:
        row = rows.pop(key)
        row["id"] = scoped_event_id(user_id, key)
        rows[row["id"]] = row
        moved.append(row)
    return await repo.insert_new(moved)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_cursor(event: Event) -> str:
    """`<microseconds since the epoch>_<event id hex>` (see `CURSOR_PATTERN`)."""
    micros = (event.occurred_at - _EPOCH) // timedelta(microseconds=1)
    return f"{max(micros, 0)}_{event.id.hex}"


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The keyset position of a cursor matching `CURSOR_PATTERN` (every such value is one)."""
    micros, _, hex_id = cursor.partition("_")
    return _EPOCH + timedelta(microseconds=int(micros)), uuid.UUID(hex=hex_id)


async def scoped_query(
    session: AsyncSession, res: Resources, user: Principal, q: EventQuery, action: Action
) -> EventQuery:
    """Narrow a query to what the caller may see (see `authz.visible_user`)."""
    who = await visible_user(
        session, res.cache, user, q.team_id, q.user_id, action, ttl=res.settings.cache_ttl_seconds
    )
    return replace(q, user_id=who)


async def list_events(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    q: EventQuery,
    *,
    cursor: str | None,
    limit: int,
) -> tuple[Sequence[Event], str | None]:
    """A page of visible events, newest first, and the cursor of the next page."""
    q = await scoped_query(session, res, user, q, Action.view_team_events)
    if cursor:
        q = replace(q, before=decode_cursor(cursor))
    rows = await EventRepository(session).search(q, limit + 1)
    page = rows[:limit]
    return page, encode_cursor(page[-1]) if len(rows) > limit else None
