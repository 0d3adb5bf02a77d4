"""How a kernel will be isolated here: one decision, used to start kernels and to report it.

There is no weaker fallback: a kernel runs confined by bubblewrap as an unprivileged user,
or, only when the admin says ``runtimes.sandbox = "none"``, unconfined; where bubblewrap
cannot work, runtimes refuse to start and say what to install or change.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from collaboratory.runtimes.sandbox.bwrap import bubblewrap_problem
from collaboratory.runtimes.sandbox.identity import RunAs, effective_run_as
from collaboratory.runtimes.sandbox.network import NetworkPolicy, network_problem
from collaboratory.runtimes.sandbox.spec import SandboxMode

UNSANDBOXED = 'none: runtimes are NOT sandboxed (runtimes.sandbox = "none")'


@dataclass(frozen=True)
class Isolation:
    sandboxed: bool
    run_as: RunAs | None  # the unprivileged user bubblewrap starts as; None: the server's
    problem: str | None = None  # why runtimes cannot start here; None when they can

    def describe(self, network: NetworkPolicy | None = None) -> str:
        if self.problem is not None:
            return f"unavailable, runtimes will not start: {self.problem}"
        if not self.sandboxed:
            return UNSANDBOXED
        who = f"uid {self.run_as[0]}" if self.run_as is not None else "the server's own uid"
        text = f"bubblewrap, as {who} in a user namespace, no capabilities"
        if network is not None:
            text += f"; network: {network.describe()}"
        return text


def choose_isolation(
    mode: SandboxMode,
    python: str = sys.executable,
    requested: RunAs | None = None,
    network: NetworkPolicy | None = None,
) -> Isolation:
    """bubblewrap as an unprivileged user, or nothing only when configured so.

    Blocking: bubblewrap's self-test runs a process (cached per user and interpreter)."""
    if mode == "none":
        return Isolation(False, None)
    run_as = effective_run_as(requested)
    problem = bubblewrap_problem(run_as, python)
    if problem is None and network is not None and not network.offline:
        problem = network_problem()
    return Isolation(problem is None, run_as, problem)
