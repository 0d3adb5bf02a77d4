"""Jupyter Server compatible kernels, sessions and kernelspecs for standard Jupyter clients.

This package holds what the API does (the provider seam, the websocket bridge, sessions);
its routes are in ``collaboratory.server.routes`` (``kernels``, ``kernel_sessions``,
``kernelspecs``, ``kernel_channels``), reaching these through the typed ``Services``.
"""

from collaboratory.kernel_api.backend import KernelInfo, KernelProvider

__all__ = ["KernelInfo", "KernelProvider"]
