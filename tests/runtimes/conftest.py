"""Starting real sandboxed kernels for the runtime tests, and closing them cleanly."""

from __future__ import annotations

import asyncio
import json
import queue
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager

from collaboratory.config import load_settings
from collaboratory.runtimes import kernel_start
from collaboratory.runtimes.environment import RuntimeEnvironment
from collaboratory.runtimes.sandbox import SandboxSpec, sandbox_kernel_manager


@dataclass
class CellResult:
    stdout: str = ""
    error: str | None = None
    died: bool = False


@dataclass
class Runtime:
    spec: SandboxSpec
    km: AsyncKernelManager
    kc: AsyncKernelClient = field(init=False)

    async def run(self, code: str, seconds: float = 20) -> CellResult:
        """Execute ``code``; stops early, with ``died``, when the kernel process ends."""
        msg_id = self.kc.execute(code)
        result = CellResult()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while loop.time() < deadline:
            try:
                msg = await self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                if not await self.km.is_alive():
                    result.died = True
                    return result
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                result.stdout += content["text"]
            elif kind == "error":
                result.error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                return result
        raise TimeoutError(f"cell did not finish in {seconds} s: {code!r}")

    async def value(self, expression: str) -> str:
        result = await self.run(f"print({expression})")
        assert result.error is None and not result.died, result
        return result.stdout.strip()

    async def loaded(self, *modules: str) -> list[str]:
        """Which of ``modules`` the kernel has imported (deferred ones count as imported)."""
        names = list(modules)
        code = f"__import__('json').dumps([m for m in {names!r} if m in __import__('sys').modules])"
        return list(json.loads(await self.value(code)))


StartRuntime = Callable[..., Awaitable[Runtime]]


@pytest.fixture
async def start_runtime(tmp_path: Path) -> AsyncIterator[StartRuntime]:
    """``await start_runtime(name, kernel={...}, **spec_fields)``: a ready kernel, started by
    ``sandbox_kernel_manager(spec, **kernel)``; all stopped at teardown."""
    started: list[Runtime] = []

    async def start(name: str, kernel: dict[str, str] | None = None, **spec_fields: Any) -> Runtime:
        base = tmp_path / "runtimes" / name
        spec = SandboxSpec(runtime_dir=base / "run", content_dir=base / "content", **spec_fields)
        runtime = Runtime(spec, sandbox_kernel_manager(spec, **(kernel or {})))
        started.append(runtime)
        await runtime.km.start_kernel()
        runtime.kc = runtime.km.client()
        runtime.kc.start_channels()
        await runtime.kc.wait_for_ready(timeout=30)
        return runtime

    yield start
    for runtime in started:
        if hasattr(runtime, "kc"):
            runtime.kc.stop_channels()
    await asyncio.gather(*(r.km.shutdown_kernel(now=True) for r in started))


@pytest.fixture
async def lean_runtime(tmp_path: Path, start_runtime: StartRuntime) -> Runtime:
    """A sandboxed kernel started by the runtime environment's lean launcher."""
    environment = RuntimeEnvironment(load_settings(data_dir=tmp_path / "data"))
    python = await environment.ensure()
    assert python.module == kernel_start.MODULE_NAME
    kernel = {"python": python.python, "module": python.module}
    return await start_runtime("lean", kernel=kernel, ro_binds=environment.shared_paths)
