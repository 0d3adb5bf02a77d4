"""The environment a kernel starts with: built from scratch, never the server's own."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from collaboratory.runtimes.sandbox.spec import SandboxSpec

# Launch variables jupyter_client sets that still mean something to the kernel.
# JPY_PARENT_PID is left out on purpose: in a pid namespace the kernel's parent is pid 1,
# which ipykernel's parent poller takes for "my parent died" and exits.
_KEPT_FROM_LAUNCH = ("JPY_SESSION_NAME",)
_KEPT_FROM_SERVER = ("LANG", "LC_ALL", "LC_CTYPE", "TZ")


def kernel_env(
    spec: SandboxSpec,
    *,
    launch_env: Mapping[str, str],
    kernel_spec_env: Mapping[str, str],
    python: str,
    sandboxed: bool,
) -> dict[str, str]:
    """Only what the kernel needs, so no server secret (database URL, tokens) leaks in."""
    home = "/content" if sandboxed else str(spec.content_dir)
    path = ["/usr/local/bin", "/usr/bin", "/bin"]
    if os.path.isabs(python):
        path.insert(0, str(Path(python).parent))
    env = {k: os.environ[k] for k in _KEPT_FROM_SERVER if k in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    env.update({k: launch_env[k] for k in _KEPT_FROM_LAUNCH if k in launch_env})
    env.update(
        PATH=":".join(path),
        HOME=home,
        TMPDIR="/tmp" if sandboxed else os.environ.get("TMPDIR", "/tmp"),
        CUDA_VISIBLE_DEVICES=spec.cuda_visible_devices,
    )
    env.update(kernel_spec_env)
    env.update(spec.env)
    return env
