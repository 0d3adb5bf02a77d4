"""Kernel and kernelspec models in the shapes Jupyter Server answers with."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from collaboratory.kernel_api.backend import KernelInfo


def isoformat(moment: datetime) -> str:
    """Jupyter's timestamps: UTC, ISO 8601, with a ``Z``."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def kernel_model(kernel: KernelInfo) -> dict[str, Any]:
    return {
        "id": kernel.kernel_id,
        "name": kernel.kernelspec_name,
        "last_activity": isoformat(kernel.last_activity),
        "execution_state": kernel.execution_state,
        "connections": kernel.connections,
    }


def kernelspec_model(name: str, display_name: str) -> dict[str, Any]:
    return {
        "name": name,
        "spec": {
            # The kernels run on the service, so there is no command line for a client to use.
            "argv": [],
            "display_name": display_name,
            "language": "python",
            "interrupt_mode": "signal",
            "env": {},
            "metadata": {},
        },
        "resources": {},
    }
