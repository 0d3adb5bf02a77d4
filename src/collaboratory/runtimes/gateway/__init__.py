"""Runtimes on a Jupyter Enterprise Gateway or Kernel Gateway (runtimes.backend = "gateway")."""

from collaboratory.runtimes.gateway.backend import GatewayBackend, GatewayKernel

__all__ = ["GatewayBackend", "GatewayKernel"]
