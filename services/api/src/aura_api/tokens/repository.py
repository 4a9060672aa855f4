from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from aura_api.kit.repository import Repository
from aura_api.models import ApiToken


class ApiTokenRepository(Repository[ApiToken]):
    model = ApiToken

    async def get_by_hash(self, token_hash: str) -> ApiToken | None:
        return await self.first(select(ApiToken).where(col(ApiToken.token_hash) == token_hash))

    async def list_for_user(
        self, user_id: uuid.UUID, *, limit: int, offset: int
    ) -> tuple[Sequence[ApiToken], int]:
        stmt = select(ApiToken).where(col(ApiToken.user_id) == user_id)
        total = await self.count(stmt)
        page = stmt.order_by(col(ApiToken.created_at).desc()).limit(limit).offset(offset)
        return await self.all(page), total

    async def touch(self, token_id: uuid.UUID, at: datetime) -> None:
        stmt = update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=at)
        await self.session.execute(stmt)
