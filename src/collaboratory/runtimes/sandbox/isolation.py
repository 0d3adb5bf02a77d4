"""How a kernel will be isolated here: one decision, used to start kernels and to report it."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from collaboratory.runtimes.sandbox.bwrap import bubblewrap_problem
from collaboratory.runtimes.sandbox.identity import RunAs, effective_run_as, reachable
from collaboratory.runtimes.sandbox.spec import SandboxMode


@dataclass(frozen=True)
class Isolation:
    sandboxed: bool
    run_as: RunAs | None  # the unprivileged user bubblewrap starts as; None: the server's
    problem: str | None = None  # why the preferred form (bubblewrap as nobody) was not had

    def describe(self) -> str:
        if not self.sandboxed:
            return f"none: {self.problem}"
        if self.run_as is not None:
            return f"bubblewrap, as uid {self.run_as[0]}"
        if self.problem is not None:
            return f"bubblewrap, as root without capabilities ({self.problem})"
        return "bubblewrap"


def choose_isolation(
    mode: SandboxMode,
    python: str = sys.executable,
    requested: RunAs | None = None,
    must_reach: Iterable[Path] = (),
) -> Isolation:
    """bubblewrap as an unprivileged user, else as root without capabilities, else none.

    Blocking: bubblewrap's self-test runs a process (cached per user and interpreter)."""
    if mode == "none":
        return Isolation(False, None, 'runtimes are NOT sandboxed (sandbox = "none")')
    run_as = effective_run_as(requested)
    problem = bubblewrap_problem(run_as, python)
    if problem is None and run_as is not None:
        hidden = [p for p in must_reach if not reachable(p, run_as)]
        if hidden:
            problem = f"uid {run_as[0]} cannot reach {hidden[0]}"
    if problem is None:
        return Isolation(True, run_as)
    if run_as is not None and bubblewrap_problem(None, python) is None:
        return Isolation(True, None, f"uid {run_as[0]} cannot: {problem}")
    return Isolation(False, None, problem)
