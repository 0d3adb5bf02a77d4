"""Runtime images: what each runtime type's Python has (the hosted side of *Compare runtime
environments*)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from collaboratory.runtimes.local import LocalBackend
from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.services import Services

router = APIRouter(tags=["runtimes"])
Svc = Annotated[Services, Depends(services)]


class ImagePackage(BaseModel):
    name: str
    version: str = Field(description="The locked version; empty for a path or URL requirement.")


class RuntimeImage(BaseModel):
    name: str
    state: Literal["ready", "building", "outdated", "absent", "failed"] = Field(
        description="ready: built from the settings as they are; building: a build is under "
        "way (see progress); outdated: built from earlier settings, rebuilt by the next "
        "runtime; absent: never built; failed: the last build failed (see error)."
    )
    progress: str | None = Field(description="What a build under way is doing.")
    percent: int | None = Field(description="How far a build under way has come, 0 to 100.")
    error: str | None = Field(description="Why the last build failed.")
    version: str | None = Field(description="The version new runtimes get.")
    python: str | None = Field(description="Python version of that version.")
    packages: list[ImagePackage]
    size_bytes: int | None
    built_at: str | None
    versions: list[str] = Field(description="Built versions on disk (older ones still in use).")
    runtime_types: list[str] = Field(description="The runtime types that run on this image.")


@router.get("/runtime-images")
async def runtime_images(principal: CurrentUser, svc: Svc) -> list[RuntimeImage]:
    backend = svc.runtimes.backend
    if not isinstance(backend, LocalBackend):
        return []
    store = backend.environment.images
    types = svc.runtimes.settings.runtimes.types
    return [
        RuntimeImage(
            **store.describe(name),
            runtime_types=sorted(t for t, s in types.items() if s.image == name),
        )
        for name in sorted(store.images)
    ]
