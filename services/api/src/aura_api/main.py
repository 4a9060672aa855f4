"""The FastAPI application: create_app() and its lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from loguru import logger

from aura_api import __version__
from aura_api.activity.endpoints import router as activity_router
from aura_api.analytics.endpoints import router as analytics_router
from aura_api.audits.endpoints import router as audits_router
from aura_api.auth.endpoints import router as auth_router
from aura_api.config import Settings, get_settings
from aura_api.docs_pages import mount_docs
from aura_api.errors import install_error_handlers
from aura_api.events.endpoints import router as events_router
from aura_api.health.endpoints import router as health_router
from aura_api.knowledge.endpoints import router as knowledge_router
from aura_api.lessons.endpoints import router as lessons_router
from aura_api.logging import configure_logging
from aura_api.middleware.body_limit import BodyLimitMiddleware
from aura_api.middleware.csrf import CsrfMiddleware
from aura_api.middleware.rate_limit import RateLimitMiddleware
from aura_api.middleware.request_context import RequestContextMiddleware
from aura_api.middleware.security_headers import SecurityHeadersMiddleware
from aura_api.middleware.text_guard import TextGuardMiddleware
from aura_api.migrate import upgrade_in_process
from aura_api.notifications.endpoints import router as notifications_router
from aura_api.openapi import install_openapi
from aura_api.ops import docs_urls, install_protected_schema
from aura_api.resources import open_resources
from aura_api.security import configure_password_hashing
from aura_api.teams.endpoints import router as teams_router
from aura_api.tokens.endpoints import router as tokens_router
from aura_api.worker.runtime import Runtime
from aura_api.workflows.endpoints import router as workflows_router


def _operation_id(route: APIRoute) -> str:
    # Endpoint function names are unique verb_noun names; they become the operation ids.
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for these settings (default: from the environment)."""
    settings = settings or get_settings()
    configure_logging(json=settings.json_logs, level=settings.log_level)
    configure_password_hashing(
        memory_kib=settings.argon2_memory_kib, time_cost=settings.argon2_time_cost
    )
    resources = open_resources(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.is_sqlite:
            await upgrade_in_process(resources.engine)
        logger.info(
            "aura-api {} ready (database: {}, redis: {})",
            __version__,
            "sqlite" if settings.is_sqlite else "postgresql",
            "on" if resources.redis else "off (in-process cache and limits)",
        )
        runtime = app.state.runtime = Runtime(resources)
        await runtime.start()
        yield
        await runtime.stop()
        workflows = getattr(app.state, "workflow_runtime", None)
        if workflows is not None:  # built on first use by the workflows domain
            await workflows.llm.aclose()
        await resources.close()

    app = FastAPI(
        title="Aura API",
        version=__version__,
        description="One versioned API for the aura CLI, the editor extension, CI and dashboard.",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        docs_url=None,  # served by docs_pages without a CDN
        redoc_url=None,
        **docs_urls(settings),
    )
    if settings.ops_public(settings.docs_public):
        mount_docs(app)
    app.state.resources = resources
    install_error_handlers(app)
    install_openapi(app)
    install_protected_schema(app, settings)
    for router in (
        health_router,
        auth_router,
        tokens_router,
        teams_router,
        events_router,
        audits_router,
        knowledge_router,
        analytics_router,
        workflows_router,
        lessons_router,
        notifications_router,
        activity_router,
    ):
        app.include_router(router)

    # Added innermost first: a request passes RequestContext first and CSRF last.
    app.add_middleware(TextGuardMiddleware)
    app.add_middleware(CsrfMiddleware)
    if settings.rate_limit_enabled:
        app.add_middleware(
            RateLimitMiddleware,
            limiter=resources.limiter,
            per_minute=settings.rate_limit_ip_per_minute,
            trust_forwarded=settings.trust_forwarded_for,
        )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-CSRF-Token", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After", "X-RateLimit-Limit",
                            "X-RateLimit-Remaining", "X-RateLimit-Reset"],
        )  # fmt: skip
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.cookie_secure)
    app.add_middleware(RequestContextMiddleware)
    return app
