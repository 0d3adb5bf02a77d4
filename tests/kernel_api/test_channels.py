"""The kernel websocket, end to end: a real uvicorn, real kernels, both framings."""

from __future__ import annotations

import asyncio

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.clients import ApiClient

from .conftest import api_token, start_kernel
from .provider import LocalKernelProvider
from .wsclient import V1, KernelSocket, stdout

ECHO_TARGET = """
import comm
def echo(channel, msg):
    channel.send({"buffers": len(msg["buffers"])}, buffers=[b"\\xff\\x01"])
comm.get_comm_manager().register_target("echo", echo)
"""


def channels_url(server: str, kernel_id: str) -> str:
    return f"ws://{server}/api/kernels/{kernel_id}/channels?session_id=s1"


@pytest.mark.parametrize("v1", [True, False], ids=["v1", "legacy"])
async def test_execute(
    server: str, alice: ApiClient, provider: LocalKernelProvider, v1: bool
) -> None:
    kernel_id = await start_kernel(alice)
    headers = {"Authorization": f"token {await api_token(alice)}"}
    async with KernelSocket.connect(channels_url(server, kernel_id), v1, headers) as ks:
        assert ks.ws.subprotocol == (V1 if v1 else None)
        assert provider.kernels[kernel_id].connections == 1
        assert provider.kernels[kernel_id].km.transport == "ipc"
        reply, outputs = await ks.execute("print(6*7)")
        assert reply["msg_type"] == "execute_reply" and reply["content"]["status"] == "ok"
        assert stdout(outputs) == "42\n"
        states = [m["content"]["execution_state"] for m in outputs if m["msg_type"] == "status"]
        assert states == ["busy", "idle"]
        assert provider.kernels[kernel_id].execution_state == "idle"

        # Binary buffers travel both ways (comm messages, as widgets send them).
        await ks.execute(ECHO_TARGET)
        comm = {"comm_id": "c1", "target_name": "echo", "data": {}}
        await ks.send("shell", "comm_open", comm, buffers=[b"\x00abc"])
        echo = await ks.recv()
        while echo["msg_type"] != "comm_msg":
            echo = await ks.recv()
        assert echo["content"]["data"] == {"buffers": 1}
        assert [bytes(b) for b in echo["buffers"]] == [b"\xff\x01"]
    await asyncio.sleep(0.05)
    assert provider.kernels[kernel_id].connections == 0


async def test_stdin_and_interrupt(server: str, alice: ApiClient) -> None:
    kernel_id = await start_kernel(alice)
    headers = {"Authorization": f"Bearer {await api_token(alice)}"}
    async with KernelSocket.connect(channels_url(server, kernel_id), True, headers) as ks:
        code = "name = input('Who? ')\nprint('hi', name)"
        msg_id = await ks.send(
            "shell",
            "execute_request",
            {"code": code, "silent": False, "allow_stdin": True, "user_expressions": {}},
        )
        request = await ks.recv()
        while request["channel"] != "stdin":
            request = await ks.recv()
        assert request["msg_type"] == "input_request"
        assert request["content"]["prompt"] == "Who? "
        await ks.send("stdin", "input_reply", {"value": "Bob"})
        reply, outputs = await ks.collect(msg_id)
        assert reply["content"]["status"] == "ok" and stdout(outputs) == "hi Bob\n"

        msg_id = await ks.send(
            "shell", "execute_request", {"code": "while True: pass", "silent": False}
        )
        busy = await ks.recv()
        while busy["msg_type"] != "execute_input":
            busy = await ks.recv()
        interrupted = await alice.post(f"/api/kernels/{kernel_id}/interrupt")
        assert interrupted.status_code == 204
        reply, outputs = await ks.collect(msg_id)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"


async def test_control_channel_and_cookie_auth(server: str, alice: ApiClient) -> None:
    kernel_id = await start_kernel(alice)
    cookie = f"collaboratory_session={alice.cookies['collaboratory_session']}"
    headers = {"Cookie": cookie, "Origin": f"http://{server}"}
    async with KernelSocket.connect(channels_url(server, kernel_id), False, headers) as ks:
        # Frames that are not kernel messages, or not for the kernel, are dropped.
        for junk in ("not json", "[]", b"\x00\x00\x00\x09", '{"channel": "iopub", "header": {}}'):
            await ks.ws.send(junk)
        msg_id = await ks.send("control", "kernel_info_request", {})
        reply = await ks.recv()
        while reply["channel"] != "control":
            reply = await ks.recv()
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["msg_type"] == "kernel_info_reply"


async def test_handshakes_that_are_refused(server: str, alice: ApiClient, bob: ApiClient) -> None:
    kernel_id = await start_kernel(alice)
    url = channels_url(server, kernel_id)
    bob_token = await api_token(bob)
    cookie = f"collaboratory_session={alice.cookies['collaboratory_session']}"
    refusals = [
        ({}, 401),
        ({"Authorization": "token not-a-token"}, 401),
        ({"Authorization": f"token {bob_token}"}, 404),
        ({"Cookie": cookie, "Origin": "https://evil.example"}, 403),
    ]
    for headers, status in refusals:
        with pytest.raises(InvalidStatus) as refused:
            async with KernelSocket.connect(url, True, headers):
                pass
        assert refused.value.response.status_code == status, headers
    with pytest.raises(InvalidStatus) as refused:
        async with KernelSocket.connect(f"{url}&token={bob_token}"):
            pass
    assert refused.value.response.status_code == 404
    missing = channels_url(server, "no-such-kernel")
    with pytest.raises(InvalidStatus) as refused:
        async with KernelSocket.connect(f"{missing}&token={await api_token(alice)}"):
            pass
    assert refused.value.response.status_code == 404


async def test_shutdown_closes_the_websocket(server: str, alice: ApiClient) -> None:
    kernel_id = await start_kernel(alice)
    url = f"{channels_url(server, kernel_id)}&token={await api_token(alice)}"
    async with KernelSocket.connect(url) as ks:
        reply, _ = await ks.execute("x = 1")
        assert reply["content"]["status"] == "ok"
        assert (await alice.delete(f"/api/kernels/{kernel_id}")).status_code == 204
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                await ks.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001


async def test_restart_keeps_the_websocket_working(server: str, alice: ApiClient) -> None:
    kernel_id = await start_kernel(alice)
    url = f"{channels_url(server, kernel_id)}&token={await api_token(alice)}"
    async with KernelSocket.connect(url) as ks:
        await ks.execute("x = 6")
        assert (await alice.post(f"/api/kernels/{kernel_id}/restart")).status_code == 200
        reply, outputs = await ks.execute("print('x' in globals())")
        assert reply["content"]["status"] == "ok" and stdout(outputs) == "False\n"


async def test_a_flood_of_output_arrives_whole_and_in_order(server: str, alice: ApiClient) -> None:
    kernel_id = await start_kernel(alice)
    url = f"{channels_url(server, kernel_id)}&token={await api_token(alice)}"
    async with KernelSocket.connect(url) as ks:
        code = "from IPython.display import display\nfor i in range(2000): display(i)"
        msg_id = await ks.send("shell", "execute_request", {"code": code, "silent": False})
        # Meanwhile the server still answers other requests.
        assert (await alice.get(f"/api/kernels/{kernel_id}")).status_code == 200
        reply, outputs = await ks.collect(msg_id)
        assert reply["content"]["status"] == "ok"
        shown = [
            m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "display_data"
        ]
        assert shown == [str(i) for i in range(2000)]
