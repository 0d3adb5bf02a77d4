"""Assembles the ASGI application from settings."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from collaboratory import __version__
from collaboratory.config import Settings
from collaboratory.server.errors import install_error_handlers
from collaboratory.server.headers import SecurityHeaders
from collaboratory.server.routes import api_router, kernel_api_router
from collaboratory.server.routes.contents import router as contents_router
from collaboratory.server.routes.documents import router as documents_router
from collaboratory.server.routes.metrics import install_metrics
from collaboratory.server.routes.snippets import router as snippets_router
from collaboratory.server.services import Services, build_services
from collaboratory.server.static import install_static

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    services: Services | None = None,
    *,
    on_started: Callable[[], None] | None = None,
) -> FastAPI:
    svc = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await svc.start()
        log.info("Collaboratory %s: data in %s", __version__, settings.data_dir)
        if on_started is not None:
            on_started()
        try:
            yield
        finally:
            await svc.close()

    app = FastAPI(
        title="Collaboratory",
        version=__version__,
        summary="A self-hosted notebook service in the spirit of Google Colaboratory.",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.services = svc  # the one slot: routes take it typed, as ``server.auth.services``
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)  # CSP, nosniff, referrer policy on every response
    app.include_router(api_router())
    app.include_router(snippets_router)  # the snippet library's search
    app.include_router(documents_router)  # the live document's sync websocket
    app.include_router(kernel_api_router())  # Jupyter Server compatible, for standard clients
    app.include_router(contents_router)  # Jupyter's /api and /api/contents over the Drive
    install_metrics(app, svc)  # GET /metrics for Prometheus, and its error counter
    install_static(app)
    return app
