"""Runtimes as kernels on a Jupyter Enterprise Gateway (or Kernel Gateway).

The gateway starts and hosts the kernels (on Kubernetes, as pods); this server keeps its own
policy: who gets a runtime, limits, accelerator shares, culling. Kernels are started with
``KERNEL_USERNAME``, ``KERNEL_ID`` and, for accelerator types, ``KERNEL_GPUS`` (or
``KERNEL_TPUS``), reached over the gateway's kernel websocket, interrupted, restarted and
deleted through its REST API, and re-adopted by id after this server restarts. The gateway
reports no resource usage through its API, so usage says "not reported".
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from collaboratory.config import Settings
from collaboratory.runtimes.backend import LaunchRequest, RunningKernel, RuntimeBackend, Usage
from collaboratory.runtimes.channels import KernelChannels, new_message, pack_message
from collaboratory.runtimes.gateway.channels import open_gateway_channels
from collaboratory.runtimes.gateway.client import GatewayClient, GatewayError

log = logging.getLogger(__name__)
DEFAULT_USERNAME = "collaboratory"  # warm-pool kernels, started before anyone takes them
ACCELERATOR_ENV = {"gpu": "KERNEL_GPUS", "tpu": "KERNEL_TPUS"}
DEAD_STATES = frozenset({"dead", "terminating"})
WATCH_SECONDS = 5.0  # at most, for the gateway to report a new kernel's state
WATCH_POLL_SECONDS = 0.01
WATCH_PROBE_SECONDS = 0.1


def kernel_env(request: LaunchRequest, launch_timeout: float) -> dict[str, str]:
    env = {
        "KERNEL_USERNAME": request.user_id or DEFAULT_USERNAME,
        "KERNEL_ID": request.kernel_id,
        "KERNEL_LAUNCH_TIMEOUT": str(int(launch_timeout)),
        **request.env,
    }
    runtime_type = request.runtime_type
    name = ACCELERATOR_ENV.get(runtime_type.accelerator)
    if name is not None and runtime_type.accelerator_count > 0:
        env[name] = str(runtime_type.accelerator_count)
    return env


class GatewayKernel(RunningKernel):
    def __init__(
        self, client: GatewayClient, kernel_id: str, gateway_id: str, launch: dict[str, Any]
    ) -> None:
        self.client = client
        self.kernel_id = kernel_id
        self.gateway_id = gateway_id  # the same unless the gateway ignored KERNEL_ID
        self._launch = launch  # kernelspec and env, for a factory reset
        self._resumable_taken = False

    async def open_channels(self) -> KernelChannels:
        # The first client of this server (execution, following cells) connects under the
        # kernel's own session id, so that another server adopting the kernel after this one
        # died is replayed what the kernel sent meanwhile. The gateway lets one connection
        # hold a session id: later clients (Jupyter clients of the kernel API) go without.
        resumable = not self._resumable_taken
        self._resumable_taken = True
        session_id = f"collaboratory-{self.gateway_id}" if resumable else None
        channels = await open_gateway_channels(
            self.client.websocket_url(self.gateway_id, session_id),
            self.client.headers,
            self.client.settings.request_timeout_seconds,
        )
        if resumable:
            await self._until_watched(channels)
        return channels

    async def _until_watched(self, channels: KernelChannels) -> None:
        """Until the gateway knows the kernel's busy or idle state. It learns it from an iopub
        subscription of its own, made at launch and live only some time later: a cell started
        before then is not seen as busy, and a reconnect during it (a hand-over to another
        replica) has the gateway nudge the kernel as if idle, which swallows one output. A
        kernel_info on control makes the kernel publish its status until the gateway shows it.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WATCH_SECONDS
        session, probed_at = uuid.uuid4().hex, -WATCH_PROBE_SECONDS
        while loop.time() < deadline:
            model = await self.client.get_kernel(self.gateway_id)
            if model is None or model.get("execution_state") != "starting":
                return
            if loop.time() - probed_at >= WATCH_PROBE_SECONDS:
                probe = new_message("kernel_info_request", {}, session)
                await channels.send("control", pack_message(probe))
                probed_at = loop.time()
            await asyncio.sleep(WATCH_POLL_SECONDS)

    def channels_key(self) -> str:
        return f"gateway:{self.client.url}/{self.gateway_id}"

    def persisted_state(self) -> dict[str, Any]:
        return {"gateway_url": self.client.url, "gateway_id": self.gateway_id, **self._launch}

    async def is_alive(self) -> bool:
        """False when the gateway says the kernel is gone. A gateway that cannot be asked
        leaves it alive: an outage is not a dead kernel (the cells see the outage itself), and
        the culler's other runtimes must not wait on it."""
        try:
            model = await self.client.get_kernel(self.gateway_id)
        except GatewayError as exc:
            log.warning("Could not ask about kernel %s: %s", self.gateway_id, exc)
            return True
        return model is not None and model.get("execution_state") not in DEAD_STATES

    async def interrupt(self) -> None:
        await self.client.action(self.gateway_id, "interrupt")

    async def restart(self) -> None:
        await self.client.action(self.gateway_id, "restart")

    async def reset(self) -> None:
        """A new kernel under the same id: on a gateway, files live and go with the kernel."""
        await self.client.delete_kernel(self.gateway_id)
        model = await self.client.start_kernel(self._launch["kernelspec"], self._launch["env"])
        self.gateway_id = str(model["id"])

    async def shutdown(self) -> None:
        try:
            await self.client.delete_kernel(self.gateway_id)
        except GatewayError as exc:  # forgotten here either way; the gateway culls its own
            log.warning("Could not delete gateway kernel %s: %s", self.gateway_id, exc)

    async def usage(self) -> Usage:
        return Usage.not_reported()


class GatewayBackend(RuntimeBackend):
    name = "gateway"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.gateway = settings.runtimes.gateway
        self.client = GatewayClient(self.gateway)

    async def launch(self, request: LaunchRequest) -> RunningKernel:
        kernelspec = self.gateway.kernelspec(self._type_id(request))
        env = kernel_env(request, self.gateway.launch_timeout_seconds)
        model = await self.client.start_kernel(kernelspec, env)
        launch = {"kernelspec": kernelspec, "env": env}
        return GatewayKernel(self.client, request.kernel_id, str(model["id"]), launch)

    async def adopt(self, request: LaunchRequest, state: dict[str, Any]) -> RunningKernel | None:
        if state.get("gateway_url") != self.client.url or not state.get("gateway_id"):
            return None  # started on another gateway than the one configured now
        gateway_id = str(state["gateway_id"])
        model = await self.client.get_kernel(gateway_id)
        if model is None or model.get("execution_state") in DEAD_STATES:
            return None
        launch = {"kernelspec": state.get("kernelspec", ""), "env": state.get("env", {})}
        return GatewayKernel(self.client, request.kernel_id, gateway_id, launch)

    def _type_id(self, request: LaunchRequest) -> str:
        if request.type_id:
            return request.type_id
        types = self.settings.runtimes.types.items()  # a warm-pool launch names no type id
        return next((k for k, v in types if v is request.runtime_type), "")

    def describe(self) -> dict[str, str]:
        return {"backend": self.name, "gateway": self.client.url}

    async def close(self) -> None:
        await self.client.close()
