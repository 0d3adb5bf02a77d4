"""HTTP routes: thin glue from requests to services."""

from fastapi import APIRouter

from collaboratory.server.routes import (
    auth,
    drive,
    execution,
    notebooks,
    revisions,
    runtime_files,
    runtimes,
    status,
    tokens,
    uploads,
)
from collaboratory.server.schemas import ErrorBody

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 413, 422, 429, 503)
}


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api", responses=ERRORS)
    modules = (
        status,
        auth,
        tokens,
        drive,
        uploads,
        notebooks,
        execution,
        revisions,
        runtimes,
        runtime_files,
    )
    for module in modules:
        router.include_router(module.router)
    router.include_router(auth.me_router)
    return router
