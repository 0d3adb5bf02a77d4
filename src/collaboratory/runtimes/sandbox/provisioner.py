"""A jupyter_client kernel provisioner that runs the kernel confined by bubblewrap and limits."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import Dict

from collaboratory.runtimes.sandbox.adopted import AdoptedProcess, start_time
from collaboratory.runtimes.sandbox.bwrap import (
    INNER_RUNTIME_DIR,
    bwrap_command,
    find_bwrap,
    staged_paths,
)
from collaboratory.runtimes.sandbox.choose import default_limiter
from collaboratory.runtimes.sandbox.env import kernel_env
from collaboratory.runtimes.sandbox.identity import RunAs, hand_over, switch_user
from collaboratory.runtimes.sandbox.isolation import choose_isolation
from collaboratory.runtimes.sandbox.limits import LimitGroup
from collaboratory.runtimes.sandbox.netlaunch import start_network
from collaboratory.runtimes.sandbox.procs import descendants, first_descendant_not_named
from collaboratory.runtimes.sandbox.rlimit import RlimitLimiter
from collaboratory.runtimes.sandbox.spec import SandboxSpec
from collaboratory.runtimes.sandbox.staging import enter_staging, staged_sources

log = logging.getLogger(__name__)

INNER_FILE = "kernel-sandbox.json"


class SandboxUnavailable(RuntimeError):
    """No safe sandbox can be had here (and ``sandbox = "none"`` was not chosen)."""


class SandboxProvisioner(LocalProvisioner):
    """Starts the kernel under bubblewrap per a :class:`SandboxSpec`, in its own limit group.

    The spec comes from the launch kwarg ``sandbox_spec`` or from the kernel spec's
    ``metadata.kernel_provisioner.config.sandbox`` (``SandboxSpec.to_config()``).
    """

    sandbox = Dict(config=True, help="SandboxSpec.to_config() of the runtime.")

    spec: SandboxSpec | None = None
    sandboxed = False
    limits_group: LimitGroup | None = None
    run_as: RunAs | None = None
    network_process: subprocess.Popen[bytes] | None = None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        given = kwargs.pop("sandbox_spec", None) or dict(self.sandbox)
        spec = given if isinstance(given, SandboxSpec) else SandboxSpec.from_config(given)
        spec.prepare()
        self.spec = spec
        km = self.parent
        if km is None:
            raise RuntimeError("SandboxProvisioner needs a kernel manager")
        if Path(km.connection_file or "/").parent != spec.runtime_dir:
            km.transport, km.ip = "ipc", str(spec.socket_prefix)
            km.connection_file = str(spec.connection_file)
        kwargs = await super().pre_launch(**kwargs)
        cmd: list[str] = kwargs["cmd"]
        self.sandboxed, run_as = await self._plan(spec, cmd[0])
        self.run_as = run_as
        kwargs["env"] = kernel_env(
            spec,
            launch_env=kwargs["env"],
            kernel_spec_env=self.kernel_spec.env or {},
            python=cmd[0],
            sandboxed=self.sandboxed,
        )
        sources: dict[str, str] = {}
        if self.sandboxed:
            if run_as is not None:  # the server is root: stage what run_as cannot reach
                sources = staged_sources(staged_paths(spec, cmd[0]))
            cmd = self._inner_command(spec, cmd, km.connection_file)
            cmd = bwrap_command(spec, cmd, find_bwrap() or "bwrap", run_as, sources)
            if not spec.network.offline:
                cmd = spec.network.launcher(cmd)
            # Not "independent" would set JPY_PARENT_PID, which inside the pid namespace makes
            # ipykernel exit at once. The kernel outlives the server on purpose: a restarted
            # server re-adopts it (load_provisioner_info).
            kwargs["independent"] = True
            hand_over(run_as, *spec.owned_by_kernel, spec.runtime_dir / INNER_FILE)
        self.limits_group = group = self._limit_group(spec)
        preexec = _preexec(group, run_as, sources)
        kwargs.update(cmd=cmd, cwd=str(spec.content_dir), preexec_fn=preexec)
        return kwargs

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        spec = self.spec
        if not self.sandboxed or spec is None or spec.network.offline:
            return await super().launch_kernel(cmd, **kwargs)
        group = self.limits_group or LimitGroup()

        async def launch(pass_fds: tuple[int, ...]) -> Any:
            return await super(SandboxProvisioner, self).launch_kernel(
                cmd, **kwargs, pass_fds=pass_fds
            )

        info, self.network_process = await start_network(
            launch,
            lambda: self.pid,
            _preexec(group, self.run_as, {}),
        )
        return info

    async def get_provisioner_info(self) -> dict[str, Any]:
        info: dict[str, Any] = await super().get_provisioner_info()
        group = self.limits_group
        info.update(
            start_time=start_time(self.pid) if self.pid else None,
            sandboxed=self.sandboxed,
            spec=self.spec.to_config() if self.spec else None,
            limit_dirs=[str(d) for d in group.dirs] if group else [],
            limit_procs=[str(p) for p in group.procs_files] if group else [],
        )
        return info

    async def load_provisioner_info(self, provisioner_info: dict[str, Any]) -> None:
        """Adopt a kernel an earlier server process started (after a server restart)."""
        await super().load_provisioner_info(provisioner_info)
        info = provisioner_info
        self.sandboxed = bool(info.get("sandboxed"))
        self.spec = SandboxSpec.from_config(info["spec"]) if info.get("spec") else None
        self.limits_group = LimitGroup(
            procs_files=[Path(p) for p in info.get("limit_procs", [])],
            dirs=[Path(d) for d in info.get("limit_dirs", [])],
        )
        if self.pid is not None:
            self.process = AdoptedProcess(self.pid, info.get("start_time"))  # type: ignore[assignment]

    def detach(self) -> None:
        """Leave the sandbox running for the next server process, which re-adopts it."""
        # Never waited for, on purpose: marking them done keeps Popen from warning.
        for process in (self.process, self.network_process):
            if process is not None:
                process.returncode = 0

    async def send_signal(self, signum: int) -> None:
        if not (self.sandboxed and signum == signal.SIGINT):
            await super().send_signal(signum)
            return
        # Signalling bubblewrap's process group would end the sandbox: interrupt the kernel.
        kernel = None if self.pid is None else first_descendant_not_named(self.pid, "bwrap")
        if kernel is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(kernel, signum)

    async def kill(self, restart: bool = False) -> None:
        # The sandbox runs in a session of its own and outlives bubblewrap's outer process
        # (no --die-with-parent, so that it survives a server restart): take the whole tree,
        # found before the outer process dies and its children lose their parent link.
        tree = descendants(self.pid) if self.pid else []
        await super().kill(restart=restart)
        for pid in tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.limits_group is not None:
            self.limits_group.kill()

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        network, self.network_process = self.network_process, None
        if network is not None:  # it ends with the sandbox; reap it
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(network.wait, 5)
        group, self.limits_group = self.limits_group, None
        if group is not None:
            for _ in range(100):
                if group.remove():
                    break
                await asyncio.sleep(0.02)
            else:
                log.warning("Could not remove the cgroups of kernel %s", self.kernel_id)
        if self.spec is not None and not restart:
            with contextlib.suppress(FileNotFoundError):
                (self.spec.runtime_dir / INNER_FILE).unlink()

    async def _plan(self, spec: SandboxSpec, python: str) -> tuple[bool, RunAs | None]:
        """Whether to use bubblewrap, and the unprivileged user to start it as."""
        isolation = await asyncio.to_thread(
            choose_isolation, spec.sandbox, python, spec.run_as, spec.network
        )
        if isolation.problem is not None:
            raise SandboxUnavailable(
                f"Runtimes cannot start: no safe sandbox here ({isolation.problem}). "
                'Fix that, or set runtimes.sandbox = "none" on a trusted single-user machine.'
            )
        if not isolation.sandboxed:
            log.warning("Kernel %s: %s", self.kernel_id, isolation.describe())
        return isolation.sandboxed, isolation.run_as

    def _inner_command(self, spec: SandboxSpec, cmd: list[str], connection_file: str) -> list[str]:
        """The command as seen inside, where the runtime directory is INNER_RUNTIME_DIR."""
        info = json.loads(Path(connection_file).read_text())
        info["ip"] = f"{INNER_RUNTIME_DIR}/{Path(info['ip']).name}"
        inner = spec.runtime_dir / INNER_FILE
        inner.touch(mode=0o600)
        inner.write_text(json.dumps(info))
        host_paths = {connection_file, os.path.realpath(connection_file)}
        inside = f"{INNER_RUNTIME_DIR}/{INNER_FILE}"
        return [inside if arg in host_paths else arg for arg in cmd]

    def _limit_group(self, spec: SandboxSpec) -> LimitGroup:
        name = str(self.kernel_id)
        try:
            return default_limiter(spec.limiter).create(name, spec.limits)
        except OSError as exc:
            log.warning("Kernel %s: cgroup limits failed (%s); using rlimits", name, exc)
            return RlimitLimiter().create(name, spec.limits)


def _preexec(
    group: LimitGroup, run_as: RunAs | None, sources: dict[str, str]
) -> Callable[[], None]:
    def enter() -> None:
        group.enter()  # joining cgroups needs the server's privileges: before switching user
        enter_staging(sources)
        if run_as is not None:
            switch_user(run_as)

    return enter
