"""Kernel channels over a machine's link: who gets what the machine sends."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from collaboratory.runtimes.channels import (
    ChannelsClosed,
    ChannelsUnavailable,
    new_message,
    pack_message,
    unpack_message,
)
from collaboratory.runtimes.events import RuntimeEvents
from collaboratory.runtimes.remote.kernel import MachineKernel
from collaboratory.runtimes.remote.machine import Machine
from collaboratory.runtimes.remote.protocol import jupyter_message


def machine_kernel() -> tuple[Machine, MachineKernel]:
    machine = Machine("u1", "laptop", "machine-laptop", "instance1", RuntimeEvents())
    kernel = MachineKernel(machine, "k1", "rt1")
    machine.kernels["k1"] = kernel
    return machine, kernel


def from_machine(msg_type: str, parent: dict[str, Any] | None = None, **content: Any) -> Any:
    msg = new_message(msg_type, content, "laptop-session")
    msg["parent_header"] = parent or {}
    return jupyter_message({**msg, "buffers": []})


async def receive(channels: Any) -> tuple[str, dict[str, Any]]:
    async with asyncio.timeout(2):
        channel, parts = await channels.receive()
    return channel, unpack_message(parts)


async def test_replies_go_to_the_requesting_client_and_iopub_to_every_client() -> None:
    machine, kernel = machine_kernel()
    alice, editor = await kernel.open_channels(), await kernel.open_channels()
    request = new_message("execute_request", {"code": "1"}, "s1")
    await alice.send("shell", pack_message(request))
    [frame] = machine.frames.outbox.unsent()
    assert frame["kernel_id"] == "k1" and frame["channel"] == "shell"
    assert frame["msg"]["header"]["msg_id"] == request["msg_id"]

    assert kernel.deliver("shell", from_machine("execute_reply", request["header"], status="ok"))
    idle = from_machine("status", request["header"], execution_state="idle")
    assert kernel.deliver("iopub", idle)
    channel, reply = await receive(alice)
    assert (channel, reply["msg_type"]) == ("shell", "execute_reply")
    assert (await receive(alice))[1]["msg_type"] == "status"
    assert (await receive(editor))[1]["msg_type"] == "status"  # no reply for the editor
    with pytest.raises(TimeoutError):
        await receive(editor)


async def test_what_answers_no_request_is_refused() -> None:
    _, kernel = machine_kernel()
    client = await kernel.open_channels()
    forged = {"msg_id": "another-users-request", "msg_type": "execute_request"}
    assert not kernel.deliver("shell", from_machine("execute_reply", forged))
    assert not kernel.deliver("stdin", from_machine("input_request", None, prompt="password"))
    with pytest.raises(TimeoutError):
        await receive(client)
    with pytest.raises(ValueError):
        await client.send("iopub", pack_message(new_message("status", {}, "s")))


async def test_channels_end_with_the_kernel_and_none_open_after() -> None:
    _, kernel = machine_kernel()
    client = await kernel.open_channels()
    kernel.end("the kernel on your machine 'laptop' ended")
    with pytest.raises(ChannelsClosed, match="ended"):
        await receive(client)
    with pytest.raises(ChannelsUnavailable):
        await kernel.open_channels()


async def test_a_closed_client_gets_nothing_more() -> None:
    _, kernel = machine_kernel()
    client, other = await kernel.open_channels(), await kernel.open_channels()
    await client.close()
    kernel.deliver("iopub", from_machine("status", None, execution_state="busy"))
    with pytest.raises(ChannelsClosed):
        await client.receive()
    assert (await receive(other))[1]["content"] == {"execution_state": "busy"}
