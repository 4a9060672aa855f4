"""The interactive API docs (Swagger UI at /docs, ReDoc at /redoc) served without a CDN.

FastAPI's defaults load their JavaScript from a CDN, so the docs break offline, on an
air-gapped server and behind a strict proxy. The assets ship in the `fastapi-offline` package
(a PyPI dependency); only its static files are used, mounted under ASSETS.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request

ASSETS = "/docs-assets"


def _static_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def mount_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc with local assets (the app is created with docs_url=None and
    redoc_url=None so FastAPI's CDN pages do not exist)."""
    app.mount(ASSETS, StaticFiles(directory=_static_dir()), name="docs-assets")
    title = f"{app.title} — docs"
    openapi_url = app.openapi_url or "/openapi.json"

    # Plain routes, like FastAPI's own docs pages: not API endpoints, not in the schema.
    async def swagger_ui(_: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=title,
            oauth2_redirect_url="/docs/oauth2-redirect",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )

    async def swagger_ui_redirect(_: Request) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    async def redoc(_: Request) -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=title,
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )

    app.add_route("/docs", swagger_ui, include_in_schema=False)
    app.add_route("/docs/oauth2-redirect", swagger_ui_redirect, include_in_schema=False)
    app.add_route("/redoc", redoc, include_in_schema=False)
