"""Submitted audits: stored with their findings (snippets redacted again), listed by visibility."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.audits.errors import AuditNotFound, TooManyFindings
from aura_api.audits.query import AuditQuery
from aura_api.audits.repository import AuditRepository
from aura_api.audits.schemas import MAX_FINDINGS, AuditSubmit, FindingIn
from aura_api.auth.principal import Principal
from aura_api.authz import Action, require_team_action, role_allows, team_role, visible_user
from aura_api.models import Audit, AuditFinding
from aura_api.resources import Resources
from aura_api.teams.repository import TeamRepository


async def _team_for(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID | None
) -> uuid.UUID | None:
    if team_id is not None:
        await require_team_action(
            session, res.cache, user, team_id, Action.view_team, ttl=res.settings.cache_ttl_seconds
        )
        return team_id
    rows, total = await TeamRepository(session).list_for_user(user.id, limit=1, offset=0)
    return rows[0][0].id if total == 1 else None


def _finding(audit_id: uuid.UUID, position: int, f: FindingIn) -> AuditFinding:
    # Text fields arrive scrubbed (`ClientText` in the schema): clients are never trusted.
    return AuditFinding(audit_id=audit_id, position=position, **f.model_dump())


async def submit_audit(
    session: AsyncSession, res: Resources, user: Principal, data: AuditSubmit
) -> tuple[Audit, Sequence[AuditFinding], bool]:
    """Store the report; the team is the given one (you must belong to it) or your only one.

    Returns the audit, its findings and whether it was stored now: an `id` sent before
    returns the stored audit unchanged (the client resent after losing the answer)."""
    if len(data.findings) > MAX_FINDINGS:
        raise TooManyFindings(len(data.findings), MAX_FINDINGS)
    repo = AuditRepository(session)
    if data.id is not None:
        existing = await repo.by_client_id(user.id, data.id)
        if existing is not None:
            return existing, await repo.findings(existing.id), False
    audit = Audit(
        user_id=user.id,
        client_id=data.id,
        team_id=await _team_for(session, res, user, data.team_id),
        source=data.source.value,
        repo=data.repo,
        commit_sha=data.commit,
        ref=data.ref,
        status=data.status,
        version=data.version,
        findings_count=len(data.findings),
        suppressed=data.suppressed,
        stats=data.stats,
    )
    if not await repo.add_once(audit):
        # Another request stored the same id a moment ago.
        stored = await repo.by_client_id(user.id, data.id)  # type: ignore[arg-type]
        if stored is None:  # pragma: no cover - the unique index names this very row
            raise AuditNotFound
        return stored, await repo.findings(stored.id), False
    findings = [_finding(audit.id, i, f) for i, f in enumerate(data.findings)]
    await repo.add_findings(findings)
    return audit, findings, True


async def list_audits(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    q: AuditQuery,
    *,
    limit: int,
    offset: int,
) -> tuple[Sequence[Audit], int]:
    who = await visible_user(
        session,
        res.cache,
        user,
        q.team_id,
        q.user_id,
        Action.view_team_events,
        ttl=res.settings.cache_ttl_seconds,
    )
    return await AuditRepository(session).search(
        replace(q, user_id=who), limit=limit, offset=offset
    )


async def get_audit(
    session: AsyncSession, res: Resources, user: Principal, audit_id: uuid.UUID
) -> tuple[Audit, Sequence[AuditFinding]]:
    """Your own audit, or one of a team you lead; anything else does not exist for you."""
    repo = AuditRepository(session)
    audit = await repo.get(audit_id)
    if audit is None:
        raise AuditNotFound
    if audit.user_id != user.id and not user.is_superuser:
        role = (
            await team_role(
                session, res.cache, audit.team_id, user.id, res.settings.cache_ttl_seconds
            )
            if audit.team_id
            else None
        )
        if not role_allows(role, Action.view_team_events):
            raise AuditNotFound
    return audit, await repo.findings(audit.id)
