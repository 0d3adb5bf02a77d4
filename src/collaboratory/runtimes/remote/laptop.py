"""The laptop's side of ``collaboratory connect``: local kernels driven over one outbound link.

It imports the standard library, ``websockets`` and ``jupyter_client`` only (no server package):
this is what runs on the user's own computer.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.metadata
import json
import logging
import platform
import random
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from jupyter_client.manager import AsyncKernelManager
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus, WebSocketException

from collaboratory.runtimes.remote.protocol import (
    CONNECT_PATH,
    KERNEL_CHANNELS,
    OPS,
    Frames,
    decode,
    encode,
    jupyter_message,
    wire_message,
)

log = logging.getLogger(__name__)
FIRST_DELAY, MAX_DELAY = 0.5, 30.0  # reconnect backoff, seconds
READ_CHANNELS = ("iopub", "shell", "control", "stdin")
Emit = Callable[[dict[str, Any]], None]


class LinkRefused(Exception):
    """The service refused the link for good (bad token, bad name): retrying cannot help."""


def link_url(url: str, name: str, instance: str) -> str:
    parts = urlsplit(url.rstrip("/"))
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.netloc:
        raise ValueError(f"not a service URL: {url!r} (expected e.g. https://colab.example.org)")
    scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
    query = urlencode({"name": name, "instance": instance})
    return urlunsplit((scheme, parts.netloc, parts.path + CONNECT_PATH, query, ""))


class LocalKernel:
    """One kernel process on this computer and a client whose every message is emitted."""

    def __init__(self, kernel_id: str, emit: Emit) -> None:
        self.kernel_id = kernel_id
        self._emit = emit
        self.manager = AsyncKernelManager()
        self._tasks: list[asyncio.Task[None]] = []
        self._restarting = False

    async def start(self, kernel_name: str, cwd: Path) -> None:
        self.manager.kernel_name = kernel_name
        await self.manager.start_kernel(cwd=str(cwd))
        self.client = self.manager.client()
        self.client.start_channels()
        await self.client.wait_for_ready(timeout=60)
        self._tasks = [asyncio.create_task(self._read(name)) for name in READ_CHANNELS]
        self._tasks.append(asyncio.create_task(self._watch()))

    async def _read(self, channel: str) -> None:
        get = getattr(self.client, f"get_{channel}_msg")
        while True:
            msg = await get()
            self._emit(
                {"type": "msg", "kernel_id": self.kernel_id, "channel": channel,
                 "msg": wire_message(msg)}
            )  # fmt: skip

    async def _watch(self) -> None:
        alive = True
        while alive:
            await asyncio.sleep(1.0)
            alive = self._restarting or await self.manager.is_alive()
        self._emit({"type": "died", "kernel_id": self.kernel_id})

    def send(self, channel: str, msg: dict[str, Any]) -> None:
        socket = getattr(self.client, f"{channel}_channel").socket
        self.client.session.send(socket, msg)

    async def operate(self, op: str) -> None:
        if op == "interrupt":
            await self.manager.interrupt_kernel()
        elif op == "restart":
            self._restarting = True
            try:
                await self.manager.restart_kernel(now=False)
            finally:
                self._restarting = False
        elif op == "shutdown":
            await self.close()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(AttributeError):
            self.client.stop_channels()
        if self.manager.has_kernel:
            await self.manager.shutdown_kernel(now=True)


class Laptop:
    """Dials the service, keeps the link up (backoff), and runs the kernels it asks for."""

    def __init__(
        self, url: str, token: str, name: str, *, kernel_name: str = "python3", cwd: Path
    ) -> None:
        self.instance = uuid.uuid4().hex
        self.url = link_url(url, name, self.instance)
        self.token, self.name, self.kernel_name, self.cwd = token, name, kernel_name, cwd
        self.frames = Frames()
        self.kernels: dict[str, LocalKernel] = {}
        self.epoch: str | None = None
        self.connected = asyncio.Event()
        self._ops: set[asyncio.Task[None]] = set()
        self.on_status: Callable[[str], None] = lambda line: log.info("%s", line)

    def emit(self, frame: dict[str, Any]) -> None:
        self.frames.push(frame)

    async def run(self) -> None:
        delay = FIRST_DELAY
        while True:
            try:
                headers = {"Authorization": f"Bearer {self.token}"}
                async with connect(
                    self.url, additional_headers=headers, max_size=None, open_timeout=15,
                    ping_interval=5, ping_timeout=10,
                ) as ws:  # fmt: skip
                    await self._hello(ws)
                    delay = FIRST_DELAY
                    await self._serve(ws)
                reason = "the service closed the link"
            except InvalidStatus as exc:
                status = exc.response.status_code
                if status in (400, 401, 403, 404):
                    raise LinkRefused(_refusal(status, exc.response.body)) from exc
                reason = _refusal(status, exc.response.body)
            except (OSError, TimeoutError, WebSocketException) as exc:
                reason = str(exc) or type(exc).__name__
            finally:
                self.connected.clear()
            wait = delay * (1 + random.random() / 4)
            self.on_status(f"Link lost ({reason}); reconnecting in {wait:.1f} s.")
            await asyncio.sleep(wait)
            delay = min(delay * 2, MAX_DELAY)

    async def _hello(self, ws: ClientConnection) -> None:
        await ws.send(
            encode(
                {
                    "type": "hello",
                    "received": self.frames.inbox.received,
                    "kernels": list(self.kernels),
                    "python": sys.version.split()[0],
                    "platform": platform.platform(),
                }
            )
        )
        welcome = decode(await ws.recv())
        if welcome.get("type") != "welcome":
            raise WebSocketException(f"expected welcome, got {welcome.get('type')!r}")
        epoch = str(welcome.get("epoch"))
        if self.epoch is not None and epoch != self.epoch:
            # The service restarted: it drives none of our kernels and wants none of our frames.
            self.frames.outbox.clear()
            self.frames.inbox.reset()
            for kernel in list(self.kernels.values()):
                await self._forget(kernel)
        self.epoch = epoch
        received = welcome.get("received")
        self.frames.outbox.rewind(received if isinstance(received, int) else 0)
        self.connected.set()
        self.on_status(f"Connected to {self._service()} as {self.name!r}.")

    def _service(self) -> str:
        parts = urlsplit(self.url)
        scheme = "https" if parts.scheme == "wss" else "http"
        return f"{scheme}://{parts.netloc}"

    async def _serve(self, ws: ClientConnection) -> None:
        writer = asyncio.create_task(self.frames.write(ws.send))
        try:
            async for text in ws:
                self._take(decode(text))
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketException, OSError):
                await writer

    def _take(self, frame: dict[str, Any]) -> None:
        if not self.frames.accept(frame):
            return
        kind = frame["type"]
        kernel = self.kernels.get(str(frame.get("kernel_id")))
        if kind == "msg" and kernel is not None and frame.get("channel") in KERNEL_CHANNELS:
            try:
                kernel.send(str(frame["channel"]), jupyter_message(frame.get("msg")))
            except (ValueError, TypeError) as exc:
                log.warning("dropped a malformed message from the service: %s", exc)
        elif kind == "op" and frame.get("op") in OPS:
            task = asyncio.create_task(self._operate(frame))
            self._ops.add(task)
            task.add_done_callback(self._ops.discard)

    async def _operate(self, frame: dict[str, Any]) -> None:
        op, kernel_id = str(frame["op"]), str(frame.get("kernel_id"))
        reply: dict[str, Any] = {"type": "reply", "id": frame.get("id"), "ok": True}
        try:
            if op == "packages":
                reply["packages"] = installed_packages()
            elif op == "start":
                if kernel_id not in self.kernels:
                    kernel = LocalKernel(kernel_id, self.emit)
                    self.kernels[kernel_id] = kernel
                    try:
                        await kernel.start(self.kernel_name, self.cwd)
                    except BaseException:
                        self.kernels.pop(kernel_id, None)
                        raise
                    self.on_status(f"Started kernel {kernel_id} in {self.cwd}.")
            elif (known := self.kernels.get(kernel_id)) is None:
                raise LookupError(f"no kernel {kernel_id} on this machine")
            elif op == "shutdown":
                await self._forget(known)
            else:
                await known.operate(op)
        except Exception as exc:
            reply = {**reply, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
        self.emit(reply)

    async def _forget(self, kernel: LocalKernel) -> None:
        self.kernels.pop(kernel.kernel_id, None)
        await kernel.close()

    async def close(self) -> None:
        for kernel in list(self.kernels.values()):
            await self._forget(kernel)


def installed_packages() -> list[dict[str, str]]:
    """This Python environment's distributions (the kernels' too: python3 runs this interpreter)."""
    found: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(str(name), str(dist.version))
    return [{"name": n, "version": v} for n, v in sorted(found.items(), key=lambda i: i[0].lower())]


def _refusal(status: int, body: bytes | bytearray | None) -> str:
    try:
        error = json.loads(body or b"{}")["error"]
        return f"{error['message']} (HTTP {status})"
    except (ValueError, KeyError, TypeError):
        return f"The service refused the link (HTTP {status})."
