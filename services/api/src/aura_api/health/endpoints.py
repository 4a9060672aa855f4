from __future__ import annotations

from fastapi import APIRouter, Request, Response

from aura_api.deps import ResourcesDep
from aura_api.errors import ServiceUnavailable, responses_for
from aura_api.health import service
from aura_api.health.schemas import LiveRead, ReadyRead
from aura_api.metrics import render_metrics
from aura_api.ops import require_ops_access

router = APIRouter(tags=["health"])


class NotReady(ServiceUnavailable):
    code = "not_ready"


@router.get("/health/live")
async def read_liveness() -> LiveRead:
    """The process is up and serving requests."""
    return LiveRead()


@router.get("/health/ready", responses=responses_for(NotReady))
async def read_readiness(res: ResourcesDep) -> ReadyRead:
    """The database (and Redis, when configured) answer; 503 names what is down."""
    checks = await service.readiness(res)
    down = [name for name, check in checks.items() if check.status == "down"]
    if down:
        raise NotReady(
            f"Not ready: {', '.join(down)} unavailable",
            details={name: check.model_dump() for name, check in checks.items()},
        )
    return ReadyRead(checks=checks)


@router.get("/metrics", include_in_schema=False)
async def read_metrics(request: Request, res: ResourcesDep) -> Response:
    """Prometheus exposition (all workers); in production only with the ops token or
    AURA_METRICS_PUBLIC=true."""
    require_ops_access(request, res.settings, res.settings.metrics_public)
    body, content_type = render_metrics()
    return Response(body, media_type=content_type)
