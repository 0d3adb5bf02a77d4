"""A runtime connected for a notebook is reachable by its kernel_id on the channels endpoint."""

from __future__ import annotations

from tests.clients import ApiClient
from tests.kernel_api.wsclient import KernelSocket, stdout


async def test_runtime_kernel_id_works_with_the_channels_endpoint(
    served: str, alice: ApiClient, bob: ApiClient
) -> None:
    notebook = await alice.create("notebook")
    runtime = (await alice.post("/api/runtimes", json={"notebook_id": notebook["id"]})).json()
    token = (await alice.post("/api/tokens", json={"name": "ws"})).json()["token"]
    url = served.replace("http", "ws") + f"/api/kernels/{runtime['kernel_id']}/channels"
    async with KernelSocket.connect(url, headers={"Authorization": f"token {token}"}) as ks:
        reply, outputs = await ks.execute("import os; print(6*7, os.getcwd())")
    assert reply["content"]["status"] == "ok" and stdout(outputs) == "42 /content\n"
    kernels = (await alice.get("/api/kernels")).json()
    assert [k["id"] for k in kernels] == [runtime["kernel_id"]]
    assert (await bob.get(f"/api/kernels/{runtime['kernel_id']}")).status_code == 404
