"""What the sandbox enforces on this machine, in words for /api/status."""

from __future__ import annotations

from collaboratory.runtimes.sandbox.bwrap import bubblewrap_problem
from collaboratory.runtimes.sandbox.choose import LimiterMode, default_limiter
from collaboratory.runtimes.sandbox.identity import effective_run_as
from collaboratory.runtimes.sandbox.spec import SandboxMode


def describe_sandbox(mode: SandboxMode = "auto", limiter: LimiterMode = "auto") -> dict[str, str]:
    """``{"sandbox": ..., "limits": ...}``, decided as the provisioner decides (blocking)."""
    return {"sandbox": _isolation(mode), "limits": default_limiter(limiter).describe()}


def _isolation(mode: SandboxMode) -> str:
    if mode == "none":
        return 'none: runtimes are NOT sandboxed (sandbox = "none")'
    run_as = effective_run_as(None)
    problem = bubblewrap_problem(run_as)
    if problem is None:
        return "bubblewrap" if run_as is None else f"bubblewrap, as uid {run_as[0]}"
    if run_as is not None and bubblewrap_problem(None) is None:
        return f"bubblewrap, as root without capabilities (uid {run_as[0]} cannot: {problem})"
    return f"none: {problem}"
