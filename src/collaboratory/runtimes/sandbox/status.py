"""What the sandbox enforces on this machine, in words for /api/status."""

from __future__ import annotations

from collaboratory.runtimes.sandbox.bwrap import bubblewrap_problem
from collaboratory.runtimes.sandbox.choose import LimiterMode, default_limiter
from collaboratory.runtimes.sandbox.identity import effective_run_as
from collaboratory.runtimes.sandbox.spec import SandboxMode


def describe_sandbox(mode: SandboxMode = "auto", limiter: LimiterMode = "auto") -> dict[str, str]:
    """``{"sandbox": ..., "limits": ...}``; runs bubblewrap's self-test once (blocking)."""
    if mode == "none":
        isolation = 'none: runtimes are NOT sandboxed (sandbox = "none")'
    else:
        problem = bubblewrap_problem(effective_run_as(None))
        isolation = "bubblewrap" if problem is None else f"none: {problem}"
    return {"sandbox": isolation, "limits": default_limiter(limiter).describe()}
