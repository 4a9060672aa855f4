from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from aura_api.deps import CurrentUser, Pagination, ResourcesDep, SessionDep
from aura_api.errors import Unauthorized, ValidationFailed, responses_for
from aura_api.tokens import service
from aura_api.tokens.errors import ApiTokenNotFound
from aura_api.tokens.schemas import ApiTokenCreate, ApiTokenCreated, ApiTokenList, ApiTokenRead

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses_for(Unauthorized, ValidationFailed),
)
async def create_api_token(
    data: ApiTokenCreate, user: CurrentUser, session: SessionDep
) -> ApiTokenCreated:
    """Create a personal API token (prefix `aura_pat_`) for the CLI or the extension.

    The token is in this response only; store it right away.
    """
    row, raw = await service.create_token(session, user, data)
    return ApiTokenCreated(**ApiTokenRead.model_validate(row).model_dump(), token=raw)


@router.get("", responses=responses_for(Unauthorized))
async def list_api_tokens(user: CurrentUser, session: SessionDep, page: Pagination) -> ApiTokenList:
    """Your API tokens, newest first, without their secret part."""
    rows, total = await service.list_tokens(session, user, limit=page.limit, offset=page.offset)
    return ApiTokenList(items=[ApiTokenRead.model_validate(r) for r in rows], total=total)


@router.delete(
    "/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses_for(Unauthorized, ApiTokenNotFound),
)
async def revoke_api_token(
    token_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> Response:
    """Revoke a token at once; clients using it get 401 from the next request on."""
    await service.revoke_token(session, res.cache, user, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
