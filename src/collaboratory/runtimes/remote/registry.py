"""The machines each user has connected, and their runtimes' kernels.

A machine is known by its owner and its runtime type id (``machine-<name>``): only the token's
user sees it under *Change runtime type* and only they can start a runtime on it.
"""

from __future__ import annotations

import contextlib
import logging

from starlette.websockets import WebSocket, WebSocketDisconnect

from collaboratory.config import RuntimeTypeSettings
from collaboratory.errors import Conflict
from collaboratory.runtimes.backend import LaunchRequest
from collaboratory.runtimes.catalog import Availability
from collaboratory.runtimes.errors import RuntimeTypeUnavailable, UnknownRuntimeType
from collaboratory.runtimes.events import RuntimeEvents
from collaboratory.runtimes.remote.kernel import MachineKernel
from collaboratory.runtimes.remote.machine import Machine, StillValid
from collaboratory.runtimes.remote.protocol import MACHINE_TYPE_PREFIX, machine_type_id
from collaboratory.runtimes.runtime import kernelspec_name

log = logging.getLogger(__name__)
START_SECONDS = 90.0
PROTOCOL_ERROR = 1002
DAY = 24 * 3600


class MachineNameTaken(Conflict):
    code = "machine_name_taken"


def is_machine_type(type_id: str | None) -> bool:
    return bool(type_id) and str(type_id).startswith(MACHINE_TYPE_PREFIX)


class MachineRegistry:
    def __init__(self, events: RuntimeEvents) -> None:
        self._events = events
        self._machines: dict[tuple[str, str], Machine] = {}

    def for_user(self, user_id: str) -> list[Machine]:
        return [m for (owner, _), m in self._machines.items() if owner == user_id]

    def get(self, user_id: str, type_id: str) -> Machine | None:
        return self._machines.get((user_id, type_id))

    async def attach(self, user_id: str, name: str, instance: str) -> Machine:
        """The machine a link from ``instance`` serves; a different process under a name whose
        link is still up is refused, one whose link is down takes the name over."""
        type_id = machine_type_id(name)
        known = self._machines.get((user_id, type_id))
        if known is not None and known.instance == instance:
            return known
        if known is not None and known.linked():
            raise MachineNameTaken(
                f"A machine named '{name}' is already connected. Stop the other "
                "`collaboratory connect`, or give this one another --name."
            )
        if known is not None:
            await known.retire()
        machine = Machine(user_id, name, type_id, instance, self._events)
        self._machines[(user_id, type_id)] = machine
        return machine

    def runtime_type(self, user_id: str, type_id: str) -> RuntimeTypeSettings:
        machine = self.get(user_id, type_id)
        if machine is None:
            raise UnknownRuntimeType(
                f"There is no machine '{type_id}' of yours. Run `collaboratory connect` on it "
                "with one of your API tokens first."
            )
        return settings_of(machine)

    def availability(self, user_id: str, default_type: str) -> list[Availability]:
        return [
            Availability(
                m.type_id,
                settings_of(m),
                kernelspec_name(m.type_id, default_type),
                m.linked(),
                None if m.linked() else f"'{m.name}' is not connected now.",
                None,
                None,
            )
            for m in self.for_user(user_id)
        ]

    async def launch(self, user_id: str, type_id: str, request: LaunchRequest) -> MachineKernel:
        machine = self.get(user_id, type_id)
        if machine is None or not machine.linked():
            raise RuntimeTypeUnavailable(
                f"Your machine '{type_id}' is not connected. Start `collaboratory connect` there."
            )
        kernel = MachineKernel(machine, request.kernel_id, request.runtime_id)
        machine.kernels[request.kernel_id] = kernel
        try:
            await machine.request("start", request.kernel_id, START_SECONDS)
        except BaseException:
            machine.kernels.pop(request.kernel_id, None)
            kernel.end("the kernel did not start")
            raise
        return kernel

    async def serve(self, websocket: WebSocket, machine: Machine, still_valid: StillValid) -> None:
        log.info("machine %s of user %s linked", machine.type_id, machine.user_id)
        try:
            await machine.serve(websocket, still_valid)
        except (ValueError, KeyError, TimeoutError, WebSocketDisconnect) as exc:  # bad frames
            log.warning("machine %s broke the protocol: %r", machine.type_id, exc)
            with contextlib.suppress(Exception):
                await websocket.close(PROTOCOL_ERROR, "Frames are JSON text (protocol 1).")
        finally:
            log.info("machine %s of user %s unlinked", machine.type_id, machine.user_id)

    async def close(self) -> None:
        for machine in list(self._machines.values()):
            await machine.retire()
        self._machines.clear()


def settings_of(machine: Machine) -> RuntimeTypeSettings:
    return RuntimeTypeSettings(
        name=f"My machine ({machine.name})",
        accelerator="none",
        accelerator_count=0,
        warm_pool=0,
        idle_timeout_seconds=DAY,
        max_lifetime_seconds=7 * DAY,
        image="",
    )
