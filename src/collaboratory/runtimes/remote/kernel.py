"""A kernel on a connected machine, as the runtime manager holds it."""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from collaboratory.runtimes.backend import RunningKernel, Usage
from collaboratory.runtimes.channels import ChannelsUnavailable, KernelChannels, pack_message
from collaboratory.runtimes.remote.channels import LinkChannels
from collaboratory.runtimes.remote.protocol import wire_message

if TYPE_CHECKING:
    from collaboratory.runtimes.remote.machine import Machine

SHUTDOWN_SECONDS = 10.0
REMEMBERED_REQUESTS = 10_000  # requests whose replies may still come


class MachineKernel(RunningKernel):
    def __init__(self, machine: Machine, kernel_id: str, runtime_id: str) -> None:
        self.machine = machine
        self.kernel_id = kernel_id
        self.runtime_id = runtime_id
        self.gone = False  # the machine said the kernel ended, or the machine was replaced
        self._clients: set[LinkChannels] = set()
        # msg_id of a request -> the client that sent it, whom its replies go to
        self._senders: OrderedDict[str, LinkChannels] = OrderedDict()

    async def open_channels(self) -> KernelChannels:
        if self.gone or not self.machine.reachable():
            raise ChannelsUnavailable(f"The kernel on your machine '{self.machine.name}' is gone.")
        client = LinkChannels(self._forward, self._clients.discard)
        self._clients.add(client)  # from now on it gets every iopub message: nothing is missed
        return client

    def channels_key(self) -> str:
        # Channels follow a lost link and a restart: they never need reopening while it lives.
        return f"machine:{self.machine.user_id}:{self.machine.type_id}:{self.kernel_id}"

    def _forward(self, client: LinkChannels, channel: str, msg: dict[str, Any]) -> None:
        self._senders[msg["msg_id"]] = client
        while len(self._senders) > REMEMBERED_REQUESTS:
            self._senders.popitem(last=False)
        self.machine.send(
            {"type": "msg", "kernel_id": self.kernel_id, "channel": channel,
             "msg": wire_message(msg)}
        )  # fmt: skip

    def deliver(self, channel: str, msg: dict[str, Any]) -> bool:
        """A message from the machine's kernel; False when it was refused: a reply reaches only
        the client whose request it answers, iopub only this kernel's own clients."""
        if channel == "iopub":
            parts = pack_message(msg)
            for client in list(self._clients):
                client.put("iopub", parts)
            return True
        parent = msg["parent_header"].get("msg_id")
        sender = self._senders.get(parent) if isinstance(parent, str) else None
        if sender is None or sender not in self._clients:
            return False
        sender.put(channel, pack_message(msg))
        return True

    def end(self, reason: str) -> None:
        """The kernel is gone: every client's channels close."""
        self.gone = True
        for client in list(self._clients):
            client.end(reason)
        self._clients.clear()

    def persisted_state(self) -> dict[str, Any]:
        return {"machine": self.machine.type_id}

    async def is_alive(self) -> bool:
        return not self.gone and self.machine.reachable()

    async def interrupt(self) -> None:
        await self.machine.request("interrupt", self.kernel_id)

    async def restart(self) -> None:
        await self.machine.request("restart", self.kernel_id)

    async def reset(self) -> None:
        # The machine's files are its owner's own: a reset restarts the kernel, deletes nothing.
        await self.machine.request("restart", self.kernel_id)

    async def shutdown(self) -> None:
        try:
            if self.machine.linked() and not self.gone:
                with contextlib.suppress(Exception):
                    await self.machine.request("shutdown", self.kernel_id, SHUTDOWN_SECONDS)
        finally:
            self.machine.kernels.pop(self.kernel_id, None)
            self.end("the runtime was shut down")

    async def usage(self) -> Usage:
        return Usage.not_reported()
