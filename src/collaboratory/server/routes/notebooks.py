from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from collaboratory.server.auth import CurrentUser, services
from collaboratory.server.services import Services

router = APIRouter(prefix="/notebooks", tags=["notebooks"])
Svc = Annotated[Services, Depends(services)]


@router.get("/{notebook_id}", response_model=dict[str, Any])
async def get_notebook(notebook_id: str, principal: CurrentUser, svc: Svc) -> dict[str, object]:
    """The live document rendered as nbformat 4 JSON (outputs included)."""
    return await svc.documents.notebook(principal.user_id, notebook_id)
