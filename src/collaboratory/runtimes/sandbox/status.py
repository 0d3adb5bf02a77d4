"""What the sandbox enforces on this machine, in words for /api/status."""

from __future__ import annotations

from collaboratory.runtimes.sandbox.choose import LimiterMode, default_limiter
from collaboratory.runtimes.sandbox.isolation import choose_isolation
from collaboratory.runtimes.sandbox.network import NetworkPolicy
from collaboratory.runtimes.sandbox.spec import SandboxMode


def describe_sandbox(
    mode: SandboxMode = "auto",
    limiter: LimiterMode = "auto",
    network: NetworkPolicy | None = None,
) -> dict[str, str]:
    """``{"sandbox": ..., "limits": ...}``, decided as kernels are started (blocking)."""
    network = network or NetworkPolicy()
    return {
        "sandbox": choose_isolation(mode, network=network).describe(network),
        "limits": default_limiter(limiter).describe(),
    }
