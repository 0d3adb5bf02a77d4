from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends

from collaboratory import __version__
from collaboratory.server.auth import services
from collaboratory.server.schemas import Status
from collaboratory.server.services import Services

router = APIRouter(tags=["status"])


@router.get("/status")
async def get_status(svc: Annotated[Services, Depends(services)]) -> Status:
    settings = svc.settings
    return Status(
        version=__version__,
        guests_allowed=settings.accounts.allow_guests,
        signup_allowed=settings.accounts.allow_signup,
        max_upload_bytes=settings.drive.max_upload_bytes,
        upload_chunk_bytes=settings.drive.upload_chunk_bytes,
        runtimes=await asyncio.to_thread(svc.runtimes.backend.describe),
    )
