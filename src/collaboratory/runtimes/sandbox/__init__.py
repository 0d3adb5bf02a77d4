"""Local runtimes as sandboxed kernel processes: bubblewrap, cgroup limits, a provisioner."""

from collaboratory.runtimes.sandbox.choose import LimiterMode, default_limiter, select_limiter
from collaboratory.runtimes.sandbox.kernel import sandbox_kernel_manager, sandbox_kernel_spec
from collaboratory.runtimes.sandbox.limits import CgroupLimiter, LimitGroup, Limits
from collaboratory.runtimes.sandbox.provisioner import SandboxProvisioner, SandboxUnavailable
from collaboratory.runtimes.sandbox.spec import SandboxMode, SandboxSpec
from collaboratory.runtimes.sandbox.status import describe_sandbox

__all__ = [
    "CgroupLimiter",
    "LimitGroup",
    "LimiterMode",
    "Limits",
    "SandboxMode",
    "SandboxProvisioner",
    "SandboxSpec",
    "SandboxUnavailable",
    "default_limiter",
    "describe_sandbox",
    "sandbox_kernel_manager",
    "sandbox_kernel_spec",
    "select_limiter",
]
