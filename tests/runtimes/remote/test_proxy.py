"""The loopback endpoints of a machine's kernel: what a (malicious) machine may send through."""

from __future__ import annotations

import asyncio
import contextlib
import queue
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.connect import KernelConnectionInfo

from collaboratory.runtimes.remote.proxy import KernelProxy


@pytest.fixture
async def wired() -> AsyncIterator[tuple[KernelProxy, AsyncKernelClient, list[Any]]]:
    forwarded: list[tuple[str, dict[str, Any]]] = []
    proxy = KernelProxy(lambda channel, msg: forwarded.append((channel, msg)))
    client = AsyncKernelClient()
    client.load_connection_info(cast(KernelConnectionInfo, proxy.connection_info()))
    client.start_channels(hb=False)
    try:
        yield proxy, client, forwarded
    finally:
        client.stop_channels()
        await proxy.close()


def reply_to(parent: dict[str, Any] | None, msg_type: str, **content: Any) -> dict[str, Any]:
    header = {"msg_id": f"r-{msg_type}", "msg_type": msg_type, "session": "laptop",
              "username": "", "date": "2026-01-01T00:00:00Z", "version": "5.3"}  # fmt: skip
    return {"header": header, "parent_header": parent or {}, "metadata": {}, "content": content,
            "buffers": []}  # fmt: skip


async def until_forwarded(forwarded: list[Any]) -> tuple[str, dict[str, Any]]:
    async with asyncio.timeout(10):
        while not forwarded:
            await asyncio.sleep(0.02)
    result: tuple[str, dict[str, Any]] = forwarded.pop(0)
    return result


async def test_a_reply_reaches_the_client_whose_request_it_answers(wired: Any) -> None:
    proxy, client, forwarded = wired
    msg_id = client.execute("print(1)")
    channel, request = await until_forwarded(forwarded)
    assert channel == "shell" and request["header"]["msg_id"] == msg_id
    assert proxy.deliver("shell", reply_to(request["header"], "execute_reply", status="ok"))
    reply = await client.get_shell_msg(timeout=10)
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "ok"


async def test_a_reply_to_no_request_of_this_runtime_is_dropped(wired: Any) -> None:
    proxy, client, _ = wired
    forged = {"msg_id": "someone-elses-request", "msg_type": "execute_request"}
    assert not proxy.deliver("shell", reply_to(forged, "execute_reply", status="ok"))
    assert not proxy.deliver("stdin", reply_to(None, "input_request", prompt="password:"))
    assert not proxy.deliver("hb", reply_to(None, "x"))
    with pytest.raises(queue.Empty):
        await client.get_shell_msg(timeout=0.5)
    with pytest.raises(queue.Empty):
        await client.get_stdin_msg(timeout=0.2)


async def test_iopub_goes_to_this_kernels_subscribers(wired: Any) -> None:
    proxy, client, _ = wired
    status = reply_to(None, "status", execution_state="idle")
    got = None
    async with asyncio.timeout(10):
        while got is None:  # a SUB socket joins a moment after connecting
            proxy.deliver("iopub", status)
            with contextlib.suppress(queue.Empty):
                got = await client.get_iopub_msg(timeout=0.1)
    assert got["msg_type"] == "status"


async def test_unsigned_messages_from_local_clients_are_not_forwarded(wired: Any) -> None:
    _, client, forwarded = wired
    client.session.key = b"wrong key"
    client.session.auth = None
    client.execute("print(1)")
    await asyncio.sleep(0.5)
    assert forwarded == []
