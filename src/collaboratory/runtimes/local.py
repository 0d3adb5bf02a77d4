"""The built-in backend: kernels as sandboxed local processes (bubblewrap, cgroup limits)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import hashlib
import logging
import os
import queue
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.factory import KernelProvisionerFactory

from collaboratory.config import Settings
from collaboratory.runtimes.accelerators import Device
from collaboratory.runtimes.accelerators.gpu_usage import gpu_figures
from collaboratory.runtimes.backend import LaunchRequest, RunningKernel, RuntimeBackend, Usage
from collaboratory.runtimes.crash import LimitEvents
from collaboratory.runtimes.environment import KernelPython, RuntimeEnvironment
from collaboratory.runtimes.sandbox import (
    Limits,
    SandboxProvisioner,
    SandboxSpec,
    describe_sandbox,
    sandbox_kernel_manager,
)
from collaboratory.runtimes.sandbox.disk import DiskQuota, DiskQuotaError
from collaboratory.runtimes.sandbox.identity import effective_run_as
from collaboratory.runtimes.sandbox.network import NetworkPolicy
from collaboratory.runtimes.usage import CpuMeter, directory_size

log = logging.getLogger(__name__)
MiB = 1024 * 1024
# ipc socket paths must fit a Unix socket address (108 bytes) with "/k-<port>" appended.
MAX_SOCKET_DIR = 80
# Packages from `!pip install` go to /content/.packages: kept by a restart, gone on reset.
PACKAGES = ".packages"
READY_TIMEOUT_SECONDS = 60.0


def socket_root(data_dir: Path) -> Path:
    preferred = data_dir / "run"
    if len(str(preferred)) + 14 <= MAX_SOCKET_DIR:
        return preferred
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"collaboratory-{os.getuid()}-{digest}"


class LocalKernel(RunningKernel):
    def __init__(
        self,
        kernel_id: str,
        km: AsyncKernelManager,
        spec: SandboxSpec,
        devices: tuple[Device, ...],
        disk: DiskQuota | None = None,
        on_shutdown: Callable[[], None] | None = None,
    ) -> None:
        self.kernel_id = kernel_id
        self.on_shutdown = on_shutdown  # after its directory is gone (its image may go too)
        self.devices = devices
        self.km = km
        self.spec = spec
        # the runtime's disk quota: its directory (content_dir.parent) is an image's mount
        self.disk = disk
        self.cpu = CpuMeter()
        self._state: dict[str, Any] = {}
        self._log: BinaryIO | None = None
        self._cycling = 0  # restarts and resets under way
        self.image_key: str | None = None  # the runtime image version it runs on

    def _log_file(self) -> BinaryIO:
        """The kernel's own output (banners, warnings) goes beside /content, not to our log."""
        if self._log is None or self._log.closed:
            self._log = (self.spec.content_dir.parent / "kernel.log").open("ab")
        return self._log

    async def start(self) -> None:
        log = self._log_file()
        await self.km.start_kernel(stdout=log, stderr=log)
        await self._until_ready()
        info = self.connection_info()
        provisioner = self.km.provisioner
        assert provisioner is not None
        self._state = {
            "connection": info,
            "provisioner": _json_safe(await provisioner.get_provisioner_info()),
            "image": self.image_key,
        }

    def connection_info(self) -> dict[str, Any]:
        info = dict(self.km.get_connection_info())
        key = info.get("key", b"")
        info["key"] = key.decode() if isinstance(key, bytes) else key
        return info

    def persisted_state(self) -> dict[str, Any]:
        return self._state

    async def is_alive(self) -> bool:
        # a kernel being restarted is not dead, though for a moment it has no process
        return self._cycling > 0 or bool(await self.km.is_alive())

    async def interrupt(self) -> None:
        await self.km.interrupt_kernel()

    async def _until_ready(self) -> None:
        """A runtime is ready when its kernel answers, not when its process exists.

        Only the shell reply counts: jupyter_client's wait_for_ready also waits to see iopub
        traffic, which costs a retry round whenever the subscription joins late, and every
        client of ours (the channels bridge, notebook execution) checks iopub itself.
        """
        client = self.km.client()
        client.start_channels(iopub=False, stdin=False, hb=False, control=False)
        deadline = asyncio.get_running_loop().time() + READY_TIMEOUT_SECONDS
        sent: set[str] = set()
        try:
            while True:
                # any of our requests will do: on a loaded machine a reply can take longer
                # than one round, and waiting only for the latest request would never end
                sent.add(client.kernel_info())
                with contextlib.suppress(queue.Empty):
                    reply = await client.get_shell_msg(timeout=0.5)
                    if reply["parent_header"].get("msg_id") in sent:
                        return
                if not await self.km.is_alive():
                    raise RuntimeError("The kernel exited while starting.")
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError("The kernel did not answer within a minute.")
        finally:
            client.stop_channels()

    async def restart(self) -> None:
        self._cycling += 1
        try:
            await self.km.restart_kernel(now=True)
        finally:
            self._cycling -= 1
        await self._until_ready()

    async def reset(self) -> None:
        self._cycling += 1
        try:
            await self.km.shutdown_kernel(now=True, restart=True)
            await asyncio.to_thread(_empty_directory, self.spec.content_dir)
            if self.tmp_dir is not None:
                await asyncio.to_thread(_empty_directory, self.tmp_dir)
            self.spec.prepare()
            await self.start()
        finally:
            self._cycling -= 1

    @property
    def runtime_id(self) -> str:
        return self.spec.content_dir.parent.name

    @property
    def tmp_dir(self) -> Path | None:
        """The runtime's /tmp on the host, when it is on its quota's disk (else a tmpfs)."""
        return self.spec.tmp_dir

    def files_root(self) -> Path:
        return self.spec.content_dir

    def journal_dir(self) -> Path:
        return self.spec.runtime_dir

    async def limit_events(self) -> LimitEvents:
        provisioner = self.km.provisioner
        group = getattr(provisioner, "limits_group", None)
        events = await asyncio.to_thread(group.events) if group is not None else LimitEvents()
        code = getattr(getattr(provisioner, "process", None), "returncode", None)
        if isinstance(code, int) and code < 0:
            events = dataclasses.replace(events, exit_signal=-code)
        elif isinstance(code, int) and code > 128 and getattr(provisioner, "sandboxed", False):
            events = dataclasses.replace(events, exit_signal=code - 128)  # as bubblewrap says it
        return events

    def detach(self) -> None:
        provisioner = self.km.provisioner
        if isinstance(provisioner, SandboxProvisioner):
            provisioner.detach()  # the kernel outlives this process; a restarted server adopts it
        self._close_log()  # the kernel writes through its own descriptor

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()

    async def shutdown(self) -> None:
        try:
            await self.km.shutdown_kernel(now=True)
        finally:
            self._close_log()
            await asyncio.to_thread(shutil.rmtree, self.spec.runtime_dir, True)
            if self.disk is not None:  # unmounts the runtime's disk, then removes it
                await asyncio.to_thread(self.disk.remove, self.runtime_id)
            await asyncio.to_thread(shutil.rmtree, self.spec.content_dir.parent, True)
            if self.on_shutdown is not None:
                await asyncio.to_thread(self.on_shutdown)

    async def usage(self) -> Usage:
        provisioner = self.km.provisioner
        pid = getattr(provisioner, "pid", None)
        rss, cpu = self.cpu.read(pid) if pid else (0, 0.0)
        quota = await asyncio.to_thread(self.disk.usage, self.runtime_id) if self.disk else None
        if quota is not None:
            disk, disk_limit = quota  # the whole disk: /content, /tmp and the kernel's log
        else:
            disk = await asyncio.to_thread(directory_size, self.spec.content_dir)
            disk_limit = None
        return Usage(
            memory_bytes=rss,
            memory_limit_bytes=self.spec.limits.memory_bytes,
            cpu_percent=round(cpu, 1),
            disk_bytes=disk,
            disk_limit_bytes=disk_limit,
            gpus=await asyncio.to_thread(gpu_figures, self.devices),
        )


def _devices(request: LaunchRequest) -> tuple[Device, ...]:
    return request.allocation.devices if request.allocation else ()


def _json_safe(value: Any) -> Any:
    """Provisioner info holds the kernel key as bytes; the database stores JSON."""
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def _empty_directory(path: Path) -> None:
    for child in path.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


class LocalBackend(RuntimeBackend):
    name = "local"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.content_root = settings.data_dir / "runtimes"
        self.socket_root = socket_root(settings.data_dir)
        self.environment = RuntimeEnvironment(settings)
        self.disk = DiskQuota(self.content_root)
        # One ZeroMQ context for all kernel managers, made at first launch, closed with us.
        self._context: zmq.asyncio.Context | None = None

    def image_status(self, image: str) -> dict[str, Any] | None:
        if self.environment.configured:  # runtimes.python: one interpreter, nothing to build
            return None
        return self.environment.images.preparing(image)

    def _spec(self, request: LaunchRequest) -> SandboxSpec:
        allocation = request.allocation
        runtime_type = request.runtime_type
        packages = f"/content/{PACKAGES}"
        env = {"PIP_TARGET": packages, "PYTHONPATH": packages, **request.env}
        env["COLLABORATORY_RUNTIME_TYPE"] = runtime_type.name
        directory = self.disk.directory(request.runtime_id)
        # on a quota's disk, /tmp is there too (else bubblewrap makes it a tmpfs)
        tmp_dir = directory / "tmp" if self.disk.mounted(request.runtime_id) else None
        return SandboxSpec(
            runtime_dir=self.socket_root / request.runtime_id[:12],
            content_dir=directory / "content",
            limits=Limits.for_runtime_type(runtime_type),
            device_nodes=allocation.device_nodes if allocation else (),
            cuda_visible_devices=allocation.cuda_visible_devices if allocation else "",
            env=env,
            ro_binds=self.environment.shared_paths,
            hide=(str(self.settings.data_dir),),
            content_subdirs=(PACKAGES,),
            sandbox=self.settings.runtimes.sandbox,
            tmp_dir=tmp_dir,
            network=NetworkPolicy.parse(self.settings.runtimes.network),
        )

    def _manager(
        self, request: LaunchRequest, spec: SandboxSpec, python: KernelPython
    ) -> AsyncKernelManager:
        for directory in (self.socket_root, self.content_root):
            directory.mkdir(parents=True, exist_ok=True, mode=0o711)
        spec.prepare()
        if self._context is None:
            self._context = zmq.asyncio.Context()
        km = sandbox_kernel_manager(
            spec, python=python.python, module=python.module, context=self._context
        )
        km.kernel_id = request.kernel_id
        return km

    async def _mount_disk(self, request: LaunchRequest) -> None:
        """The runtime's directory becomes its own disk of ``disk_mb``, where that can be."""
        owner = effective_run_as(None)
        size = request.runtime_type.disk_mb
        mount = asyncio.ensure_future(
            asyncio.to_thread(self.disk.create, request.runtime_id, size, owner)
        )
        try:
            await asyncio.shield(mount)
        except DiskQuotaError:
            # the quota now says it is not enforced (/api/status); the runtime runs without
            log.exception("Runtime %s runs without a disk quota", request.runtime_id)
        except asyncio.CancelledError:
            # a start cancelled (a delete, the server stopping) while its thread mounts: no
            # kernel will ever unmount it, so wait for the thread (milliseconds) and undo it
            with contextlib.suppress(Exception):
                await asyncio.shield(mount)
            await asyncio.shield(asyncio.to_thread(self.disk.remove, request.runtime_id))
            raise

    def _kernel(
        self, request: LaunchRequest, km: AsyncKernelManager, spec: SandboxSpec, py: KernelPython
    ) -> LocalKernel:
        release = functools.partial(self.environment.release, py)
        kernel = LocalKernel(request.kernel_id, km, spec, _devices(request), self.disk, release)
        kernel.image_key = py.image_key
        return kernel

    async def launch(self, request: LaunchRequest) -> RunningKernel:
        python = await self.environment.ensure(request.runtime_type.image)
        await self._mount_disk(request)
        # the runtime keeps its image version, whatever is built after it started
        self.environment.mark(self.disk.directory(request.runtime_id), python)
        spec = self._spec(request)
        try:
            km = self._manager(request, spec, python)
        except BaseException:
            await asyncio.shield(asyncio.to_thread(self.disk.remove, request.runtime_id))
            raise
        kernel = self._kernel(request, km, spec, python)
        try:
            await kernel.start()
        except BaseException:
            # A kernel that never became ready (or a cancelled start) must not live on.
            with contextlib.suppress(Exception):
                await asyncio.shield(kernel.shutdown())
            raise
        return kernel

    async def adopt(self, request: LaunchRequest, state: dict[str, Any]) -> RunningKernel | None:
        if "connection" not in state or "provisioner" not in state:
            return None
        python = self.environment.resolve(state.get("image"), request.runtime_type.image)
        if python is None:
            return None  # its image version is gone: it cannot be restarted as it was
        spec = self._spec(request)
        km = self._manager(request, spec, python)
        km.load_connection_info(state["connection"])
        provisioner = KernelProvisionerFactory.instance().create_provisioner_instance(
            request.kernel_id, km.kernel_spec, parent=km
        )
        await provisioner.load_provisioner_info(state["provisioner"])
        km.provisioner = provisioner
        # jupyter_client restarts a kernel with the arguments of its start_kernel call, which
        # this process never made (the provisioner's spec carries everything instead), and
        # keeps its "ready" future right only for a manager that has started a kernel.
        km._attempted_start = True
        kernel = self._kernel(request, km, spec, python)
        log = kernel._log_file()
        km._launch_args = {"stdout": log, "stderr": log}  # type: ignore[dict-item]
        kernel._state = state
        if not await kernel.is_alive():
            kernel._close_log()
            await provisioner.cleanup()
            # forgotten: its disk (mounted until the server's machine restarted) goes too
            await asyncio.to_thread(self.disk.remove, request.runtime_id)
            return None
        return kernel  # its disk is still mounted: nothing to do

    async def sweep(self, known: set[str]) -> None:
        for runtime_id in await asyncio.to_thread(self.disk.leftovers, known):
            log.info("Removing the disk of runtime %s, which no longer exists", runtime_id)
            await asyncio.to_thread(self.disk.remove, runtime_id)

    def describe(self) -> dict[str, str]:
        runtimes = self.settings.runtimes
        network = NetworkPolicy.parse(runtimes.network)
        sandbox = describe_sandbox(runtimes.sandbox, network=network)
        return {"backend": self.name, **sandbox, "disk": self.disk.describe()}

    async def close(self) -> None:
        for root in (self.socket_root, self.content_root):
            with contextlib.suppress(OSError):
                root.rmdir()  # only when no runtime is left in it
        if self._context is not None:
            self._context.destroy(linger=0)
            self._context = None
