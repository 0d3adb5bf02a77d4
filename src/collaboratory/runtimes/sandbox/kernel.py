"""Kernel specs and managers that start kernels through the sandbox provisioner."""

from __future__ import annotations

import sys
from typing import Any

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

from collaboratory.runtimes.sandbox.spec import SandboxSpec

PROVISIONER_NAME = "collaboratory-sandbox"


def sandbox_kernel_spec(
    spec: SandboxSpec | None = None,
    *,
    python: str = sys.executable,
    module: str = "ipykernel_launcher",
    display_name: str = "Python 3",
) -> KernelSpec:
    """An ipykernel spec whose kernels start sandboxed; ``spec`` may instead come at launch.

    ``module`` is what ``python -m`` runs: ipykernel's own launcher, or the runtime
    environment's lean one (``collaboratory_kernel``), which ``python`` must be able to import.
    """
    config = {"sandbox": spec.to_config()} if spec is not None else {}
    return KernelSpec(
        argv=[python, "-m", module, "-f", "{connection_file}"],
        display_name=display_name,
        language="python",
        # Interrupts travel as messages: a signal to bubblewrap would end the sandbox.
        interrupt_mode="message",
        metadata={"kernel_provisioner": {"provisioner_name": PROVISIONER_NAME, "config": config}},
    )


class FixedKernelSpecManager(KernelSpecManager):
    """Answers every kernel name with one given spec."""

    def __init__(self, kernel_spec: KernelSpec, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._fixed = kernel_spec

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return self._fixed


def sandbox_kernel_manager(
    spec: SandboxSpec,
    *,
    python: str = sys.executable,
    module: str = "ipykernel_launcher",
    **kwargs: Any,
) -> AsyncKernelManager:
    """A kernel manager for one runtime, talking over ipc sockets in its runtime directory."""
    kernel_spec = sandbox_kernel_spec(spec, python=python, module=module)
    return AsyncKernelManager(
        kernel_name="python3",
        kernel_spec_manager=FixedKernelSpecManager(kernel_spec),
        transport="ipc",
        ip=str(spec.socket_prefix),
        connection_file=str(spec.connection_file),
        **kwargs,
    )
