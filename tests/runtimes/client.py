"""Talks to a managed runtime's kernel the way any Jupyter client would: over ZMQ."""

from __future__ import annotations

import asyncio
import queue
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import zmq.asyncio
from jupyter_client.asynchronous.client import AsyncKernelClient


@dataclass
class Output:
    stdout: str = ""
    error: str | None = None
    status: str = ""


class KernelSession:
    def __init__(self, kc: AsyncKernelClient) -> None:
        self.kc = kc

    async def run(self, code: str, seconds: float = 30) -> Output:
        msg_id = self.kc.execute(code)
        out = Output()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        idle = False
        while loop.time() < deadline and not (idle and out.status):
            try:
                msg = await self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                if not out.status:
                    out.status = await self._reply_status(msg_id)
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.stdout += content["text"]
            elif kind == "error":
                out.error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
                out.status = out.status or await self._reply_status(msg_id, wait=5)
        if not idle:
            raise TimeoutError(f"cell did not finish in {seconds} s: {code!r}")
        return out

    async def _reply_status(self, msg_id: str, wait: float = 0.01) -> str:
        try:
            reply = await self.kc.get_shell_msg(timeout=wait)
        except queue.Empty:
            return ""
        if reply["parent_header"].get("msg_id") != msg_id:
            return ""
        return str(reply["content"]["status"])

    async def value(self, expression: str) -> str:
        out = await self.run(f"print({expression})")
        assert out.error is None, out
        return out.stdout.strip()


@asynccontextmanager
async def kernel_session(info: dict[str, Any]) -> AsyncIterator[KernelSession]:
    context = zmq.asyncio.Context()
    kc = AsyncKernelClient(context=context)
    kc.load_connection_info(info)
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        yield KernelSession(kc)
    finally:
        kc.stop_channels()
        context.destroy(linger=0)
