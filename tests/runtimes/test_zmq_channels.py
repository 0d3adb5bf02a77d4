"""The ZMQ implementation of the kernel-channel seam, against a real ipykernel."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator

import pytest
from jupyter_client.manager import AsyncKernelManager

from collaboratory.runtimes.channels import (
    ChannelsClosed,
    KernelChannels,
    new_message,
    unpack_message,
)
from collaboratory.runtimes.zmq_channels import ZmqSource, open_zmq_channels
from tests.kernel_api.provider import wait_for_ready


@pytest.fixture
async def kernel() -> AsyncIterator[AsyncKernelManager]:
    with tempfile.TemporaryDirectory(prefix="zc-", dir="/tmp") as sockets:
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets}/k")
        await km.start_kernel()
        try:
            # As the runtimes do before anyone connects: a socket connected before the kernel
            # has bound retries only every 100-200 ms, and the kernel drops an input_request
            # for a stdin peer it has not met yet (one run in ~10 hung on input() without it).
            await wait_for_ready(km)
            yield km
        finally:
            await km.shutdown_kernel(now=True)


async def until_reply(channels: KernelChannels, msg_id: str) -> list[tuple[str, str]]:
    """(channel, msg_type) of everything for ``msg_id`` until its reply and its idle."""
    seen: list[tuple[str, str]] = []
    replied = idle = False
    async with asyncio.timeout(30):
        while not (replied and idle):
            channel, parts = await channels.receive()
            msg = unpack_message(parts)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            seen.append((channel, msg["msg_type"]))
            replied = replied or channel == "shell"
            idle = idle or msg["content"].get("execution_state") == "idle"
    return seen


async def test_execute_input_and_close(kernel: AsyncKernelManager) -> None:
    session = uuid.uuid4().hex
    channels = await open_zmq_channels(kernel.get_connection_info())
    try:
        run = new_message("execute_request", {"code": "print(6*7)", "silent": False}, session)
        await channels.send_message("shell", run)
        seen = await until_reply(channels, run["msg_id"])
        assert ("iopub", "stream") in seen and ("shell", "execute_reply") in seen

        # input_request reaches the client that sent the execute_request (shared identity)
        ask = new_message(
            "execute_request", {"code": "x = input('?')", "allow_stdin": True}, session
        )
        await channels.send_message("shell", ask)
        async with asyncio.timeout(30):
            while (found := await channels.receive())[0] != "stdin":
                pass
        assert unpack_message(found[1])["msg_type"] == "input_request"
        await channels.send_message("stdin", new_message("input_reply", {"value": "hi"}, session))
        await until_reply(channels, ask["msg_id"])
        check = new_message("execute_request", {"code": "assert x == 'hi'"}, session)
        await channels.send_message("shell", check)
        await until_reply(channels, check["msg_id"])

        with pytest.raises(ValueError, match="iopub"):
            await channels.send("iopub", [b"{}"] * 4)
    finally:
        await channels.close()
    with pytest.raises(ChannelsClosed):
        await channels.receive()
    await channels.close()  # idempotent


async def test_a_pending_receive_ends_when_closed(kernel: AsyncKernelManager) -> None:
    source = ZmqSource(kernel.get_connection_info())
    channels = await source.open_channels()
    drained = False
    while not drained:  # what the nudge left
        try:
            async with asyncio.timeout(0.5):
                await channels.receive()
        except TimeoutError:
            drained = True
    pending = asyncio.create_task(channels.receive())
    await asyncio.sleep(0.05)
    await channels.close()
    with pytest.raises(ChannelsClosed):
        await pending
    assert source.journal_dir() is None
