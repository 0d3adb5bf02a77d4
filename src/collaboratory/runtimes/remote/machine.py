"""One connected machine: its link (while up), what it still owes, and its kernels."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from collaboratory.runtimes.errors import RuntimeNotReady
from collaboratory.runtimes.events import RuntimeEvent, RuntimeEvents
from collaboratory.runtimes.remote.protocol import (
    LAPTOP_CHANNELS,
    Frames,
    decode,
    encode,
    ids,
    jupyter_message,
)

if TYPE_CHECKING:
    from collaboratory.runtimes.remote.kernel import MachineKernel

log = logging.getLogger(__name__)
# A machine away longer than this counts as gone: its runtimes are reported dead.
GRACE_SECONDS = 600.0
OP_SECONDS = 30.0
HELLO_SECONDS = 15.0
REPLACED = 4000  # close code: another process took this machine's name
REVOKED = 4001  # close code: the link's token was revoked, or its user disabled
REVALIDATE_SECONDS = 10.0  # how often an open link's token is checked again
StillValid = Callable[[], Awaitable[bool]]


class Machine:
    def __init__(
        self, user_id: str, name: str, type_id: str, instance: str, events: RuntimeEvents
    ) -> None:
        self.user_id, self.name, self.type_id, self.instance = user_id, name, type_id, instance
        self.epoch = uuid.uuid4().hex
        self.frames = Frames()
        self.kernels: dict[str, MachineKernel] = {}
        self.details: dict[str, str] = {}
        self.link: WebSocket | None = None
        self.lost_at: float | None = None
        self.revoked = False
        self._events = events
        self._replies: dict[str, asyncio.Future[dict[str, Any]]] = {}

    def linked(self) -> bool:
        return self.link is not None

    def reachable(self) -> bool:
        return self.lost_at is None or time.monotonic() - self.lost_at < GRACE_SECONDS

    def send(self, frame: dict[str, Any]) -> None:
        self.frames.push(frame)

    async def request(
        self, op: str, kernel_id: str = "", seconds: float = OP_SECONDS
    ) -> dict[str, Any]:
        """Ask the machine to ``op`` the kernel; a request sent while the link is down waits
        on the server and goes when the machine reconnects."""
        op_id = uuid.uuid4().hex
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[op_id] = reply
        self.send({"type": "op", "id": op_id, "op": op, "kernel_id": kernel_id})
        try:
            async with asyncio.timeout(seconds):
                answer = await reply
        except TimeoutError:
            state = "did not answer" if self.linked() else "is not connected"
            raise RuntimeNotReady(
                f"Your machine '{self.name}' {state} in time. Check that `collaboratory connect` "
                "still runs there."
            ) from None
        finally:
            self._replies.pop(op_id, None)
        if not answer.get("ok"):
            raise RuntimeNotReady(f"Your machine '{self.name}' could not {op} its kernel: "
                                  f"{answer.get('error', 'no reason given')}")  # fmt: skip
        return answer

    async def serve(self, websocket: WebSocket, still_valid: StillValid) -> None:
        """One link, from the laptop's ``hello`` until it closes, or until ``still_valid`` says
        its token was revoked (or its user disabled): then the machine's kernels are gone."""
        async with asyncio.timeout(HELLO_SECONDS):
            hello = decode(await websocket.receive_text())
        if hello["type"] != "hello":
            await websocket.close(1002, "The first frame must be hello.")
            return
        self._adopt_link(websocket, hello)
        await websocket.send_text(
            encode({"type": "welcome", "machine_id": self.type_id, "epoch": self.epoch,
                    "received": self.frames.inbox.received})
        )  # fmt: skip
        writer = asyncio.create_task(self.frames.write(websocket.send_text))
        watcher = asyncio.create_task(self._revalidate(websocket, still_valid))
        try:
            while True:
                text = await websocket.receive_text()
                self._take(text)
        except WebSocketDisconnect:
            pass
        finally:
            for task in (writer, watcher):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            if self.revoked:
                self.link = None
                for kernel in list(self.kernels.values()):
                    kernel.end(f"the token of your machine '{self.name}' was revoked")
            elif self.link is websocket:
                self.link, self.lost_at = None, time.monotonic()
                lost = f"Lost the link to your machine '{self.name}'. Its kernel keeps running;"
                self._announce("lost", f"{lost} outputs arrive when it reconnects.")

    def _adopt_link(self, websocket: WebSocket, hello: dict[str, Any]) -> None:
        self.link, self.revoked = websocket, False
        received = hello.get("received")
        self.frames.outbox.rewind(received if isinstance(received, int) else 0)
        alive = set(ids(hello.get("kernels") or []))
        for kernel_id, kernel in self.kernels.items():
            if kernel_id not in alive and self.lost_at is not None:
                kernel.end(f"the kernel on your machine '{self.name}' ended")
        self.details = {k: str(hello.get(k, ""))[:200] for k in ("python", "platform")}
        if self.lost_at is not None:
            self.lost_at = None
            self._announce("restored", f"Reconnected to your machine '{self.name}'.")

    def _announce(self, reason: str, message: str) -> None:
        for kernel in list(self.kernels.values()):
            self._events.publish(
                RuntimeEvent(kernel.runtime_id, self.user_id, "link", message,
                             {"reason": reason, "machine": self.name})
            )  # fmt: skip

    async def _revalidate(self, websocket: WebSocket, still_valid: StillValid) -> None:
        while True:
            await asyncio.sleep(REVALIDATE_SECONDS)
            if not await still_valid():
                self.revoked = True
                reason = "The API token was revoked or its user disabled."
                await websocket.close(REVOKED, reason)
                return

    def _take(self, text: str) -> None:
        try:
            frame = decode(text)
        except ValueError:
            log.warning("machine %s sent a frame that is not JSON", self.type_id)
            return
        if not self.frames.accept(frame):
            return
        kind = frame["type"]
        kernel = self.kernels.get(str(frame.get("kernel_id")))
        if kind == "msg" and kernel is not None and frame.get("channel") in LAPTOP_CHANNELS:
            try:
                kernel.deliver(str(frame["channel"]), jupyter_message(frame.get("msg")))
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("machine %s sent a malformed message: %s", self.type_id, exc)
        elif kind == "reply":
            reply = self._replies.get(str(frame.get("id")))
            if reply is not None and not reply.done():
                reply.set_result(frame)
        elif kind == "died" and kernel is not None:
            kernel.end(f"the kernel on your machine '{self.name}' ended")

    async def retire(self) -> None:
        """Another process took this machine's name: its kernels are gone with the old one."""
        for kernel in self.kernels.values():
            kernel.end(f"your machine '{self.name}' was replaced")
        link, self.link = self.link, None
        if link is not None:
            with contextlib.suppress(Exception):
                await link.close(REPLACED, "Another collaboratory connect took this name.")
