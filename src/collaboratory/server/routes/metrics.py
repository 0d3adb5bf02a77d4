"""``GET /metrics``: Prometheus text, off (404) unless ``[metrics] token`` is set, then only
for ``Authorization: Bearer <that token>``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from collaboratory.errors import ERROR_RESPONSES
from collaboratory.metrics.errors import CountErrors
from collaboratory.metrics.service import CONTENT_TYPE
from collaboratory.server.auth import services
from collaboratory.server.services import Services

router = APIRouter(tags=["status"], responses=ERROR_RESPONSES)


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


@router.get("/metrics", response_class=Response)
async def metrics(request: Request, svc: Annotated[Services, Depends(services)]) -> Response:
    """The service's metrics for Prometheus."""
    if not svc.metrics.enabled:
        raise HTTPException(404, f"There is nothing at {request.url.path}.")
    if not svc.metrics.allows(_bearer(request)):
        raise HTTPException(
            401,
            "Metrics need the scrape token: send Authorization: Bearer <[metrics] token>.",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    return Response(await svc.metrics.render(), media_type=CONTENT_TYPE)


def install_metrics(app: FastAPI, svc: Services) -> None:
    """The route, and (when metrics are on) the middleware that counts error answers."""
    if svc.metrics.enabled:
        app.add_middleware(CountErrors, errors=svc.metrics.errors)
    app.include_router(router)
