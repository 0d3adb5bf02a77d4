"""Puts the documents service into an app the way the server will, unless it already does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from collaboratory.documents.routes import router
from collaboratory.documents.service import DocumentService


def wire(app: FastAPI) -> DocumentService:
    existing: DocumentService | None = getattr(app.state, "documents", None)
    if existing is not None:
        return existing
    services = app.state.services
    documents = DocumentService(services.db, services.drive.notebook)
    app.state.documents = documents
    app.include_router(router)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with inner(application):
            try:
                yield
            finally:
                await documents.close()

    app.router.lifespan_context = lifespan
    return documents
