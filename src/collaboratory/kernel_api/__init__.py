"""Jupyter Server compatible kernels, sessions and kernelspecs API for standard Jupyter clients.

Include :data:`router` in the app (ahead of the front end's catch-all route) and set
``app.state.kernel_provider`` to a :class:`KernelProvider`.
"""

from fastapi import APIRouter

from collaboratory.errors import ERROR_RESPONSES
from collaboratory.kernel_api import channels, kernels, kernelspecs, sessions
from collaboratory.kernel_api.backend import KernelInfo, KernelProvider

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
for _module in (kernelspecs, kernels, channels, sessions):
    router.include_router(_module.router)

__all__ = ["KernelInfo", "KernelProvider", "router"]
