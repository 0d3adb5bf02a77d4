"""``/api/kernelspecs``: one kernelspec per runtime type."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from collaboratory.errors import BadRequest, NotFound
from collaboratory.kernel_api.auth import CurrentUser
from collaboratory.kernel_api.backend import DEFAULT_KERNELSPEC, KernelProvider
from collaboratory.kernel_api.models import kernelspec_model
from collaboratory.server.auth import services
from collaboratory.server.services import Services

Svc = Annotated[Services, Depends(services)]
router = APIRouter(tags=["jupyter"])


@router.get("/kernelspecs")
async def list_kernelspecs(svc: Svc, _: CurrentUser) -> dict[str, Any]:
    names = svc.kernels.kernelspec_names()
    default = DEFAULT_KERNELSPEC if DEFAULT_KERNELSPEC in names else next(iter(names), "")
    specs = {name: kernelspec_model(name, display) for name, display in names.items()}
    return {"default": default, "kernelspecs": specs}


@router.get("/kernelspecs/{name}")
async def get_kernelspec(name: str, svc: Svc, _: CurrentUser) -> dict[str, Any]:
    names = svc.kernels.kernelspec_names()
    if name not in names:
        raise NotFound(f"There is no kernelspec named {name!r}.", code="no_such_kernelspec")
    return kernelspec_model(name, names[name])


def checked_kernelspec(provider: KernelProvider, name: str | None) -> str:
    """The kernelspec a start request names (the default when none), if it exists."""
    names = provider.kernelspec_names()
    chosen = name or DEFAULT_KERNELSPEC
    if chosen not in names:
        choices = ", ".join(sorted(names))
        raise BadRequest(
            f"There is no kernelspec named {chosen!r}. Choose one of: {choices}.",
            code="no_such_kernelspec",
        )
    return chosen
