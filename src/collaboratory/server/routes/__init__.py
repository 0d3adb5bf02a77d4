"""HTTP routes: thin glue from requests to services."""

from fastapi import APIRouter

from collaboratory.errors import ERROR_RESPONSES
from collaboratory.server.routes import (
    admin,
    auth,
    comments,
    drive,
    execution,
    kernel_channels,
    kernel_sessions,
    kernels,
    kernelspecs,
    machines,
    notebooks,
    revisions,
    runtime_files,
    runtime_images,
    runtime_uploads,
    runtimes,
    secrets,
    sharing,
    status,
    tokens,
    uploads,
)
from collaboratory.server.routes.schedules import router as schedules_router

ERRORS = ERROR_RESPONSES


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api", responses=ERRORS)
    modules = (
        status,
        auth,
        tokens,
        drive,
        sharing,
        uploads,
        notebooks,
        comments,
        execution,
        revisions,
        runtimes,
        machines,
        runtime_images,
        runtime_files,
        runtime_uploads,
        secrets,
        admin,
    )
    for module in modules:
        router.include_router(module.router)
    router.include_router(auth.me_router)
    router.include_router(schedules_router)  # Runtime > Schedule
    return router


def kernel_api_router() -> APIRouter:
    """Jupyter Server's kernels, sessions and kernelspecs API, for standard Jupyter clients."""
    router = APIRouter(prefix="/api", responses=ERRORS)
    for module in (kernelspecs, kernels, kernel_channels, kernel_sessions):
        router.include_router(module.router)
    return router
