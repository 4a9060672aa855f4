from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import col, select

from aura_api.kit.repository import Repository
from aura_api.models import RefreshToken, User


class UserRepository(Repository[User]):
    model = User

    async def get_by_email(self, email: str) -> User | None:
        # Emails are stored lower-cased, so the unique index serves this lookup.
        stmt = select(User).where(col(User.email) == email.lower())
        return await self.first(stmt)


class RefreshTokenRepository(Repository[RefreshToken]):
    model = RefreshToken

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        return await self.first(
            select(RefreshToken).where(col(RefreshToken.token_hash) == token_hash)
        )

    async def mark_rotated(self, token_id: uuid.UUID, at: datetime) -> bool:
        """Rotate atomically: False when a concurrent request rotated it first."""
        stmt = (
            update(RefreshToken)
            .where(col(RefreshToken.id) == token_id)
            .where(col(RefreshToken.rotated_at).is_(None))
            .values(rotated_at=at)
        )
        result = await self.session.execute(stmt)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def revoke_family(self, family_id: uuid.UUID, at: datetime) -> None:
        stmt = (
            update(RefreshToken)
            .where(col(RefreshToken.family_id) == family_id)
            .where(col(RefreshToken.revoked_at).is_(None))
            .values(revoked_at=at)
        )
        await self.session.execute(stmt)

    async def revoke_all_for_user(
        self, user_id: uuid.UUID, at: datetime, *, keep: uuid.UUID | None = None
    ) -> None:
        """Revoke every login of the user, except the family `keep` (the caller's own)."""
        stmt = (
            update(RefreshToken)
            .where(col(RefreshToken.user_id) == user_id)
            .where(col(RefreshToken.revoked_at).is_(None))
            .values(revoked_at=at)
        )
        if keep is not None:
            stmt = stmt.where(col(RefreshToken.family_id) != keep)
        await self.session.execute(stmt)

    async def active_families(self, user_id: uuid.UUID, now: datetime) -> list[uuid.UUID]:
        """The user's live logins (families with an unrevoked, unexpired token), oldest first."""
        first = func.min(col(RefreshToken.created_at))
        stmt = (
            select(col(RefreshToken.family_id))
            .where(col(RefreshToken.user_id) == user_id)
            .where(col(RefreshToken.revoked_at).is_(None))
            .where(col(RefreshToken.expires_at) > now)
            .group_by(col(RefreshToken.family_id))
            .order_by(first)
        )
        return list((await self.session.execute(stmt)).scalars().all())
