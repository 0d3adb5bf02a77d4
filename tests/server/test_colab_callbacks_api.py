"""google.colab's output.register_callback + kernel.invokeFunction, and runtime.unassign(), over
HTTP against a real runtime (the browser's part is in tests/e2e/test_colab_everything.py)."""

from __future__ import annotations

import asyncio

from tests.clients import ApiClient, code_cell, error_of
from tests.server.test_execute_api import settled, uploaded

REGISTER = (
    "import IPython\n"
    "from google.colab import output\n"
    "def add(a, b, scale=1):\n"
    "    print('adding', a, b)\n"
    "    return IPython.display.JSON({'sum': (a + b) * scale})\n"
    "output.register_callback('notebook.Add', add)\n"
    "output.register_callback('notebook.Plain', lambda: 42)\n"
    "output.register_callback('notebook.Fails', lambda: 1 / 0)\n"
)


async def test_invoke_runs_the_registered_callback_in_the_kernel(
    alice: ApiClient, bob: ApiClient
) -> None:
    nb = await uploaded(alice, code_cell("a", REGISTER), code_cell("b", "print(In[-1][:5])"))
    url = f"/api/notebooks/{nb}/colab/invoke"
    before = await alice.post(url, json={"name": "notebook.Add", "args": [1, 2]})
    assert before.status_code == 409 or before.status_code == 503, before.text  # no runtime yet
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["a"]})
    await settled(alice, nb, "a")

    body = {"name": "notebook.Add", "args": [1, 2], "kwargs": {"scale": 10}, "cell_id": "a"}
    response = await alice.post(url, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["application/json"] == {"sum": 30}
    assert response.json()["error"] is None
    plain = (await alice.post(url, json={"name": "notebook.Plain"})).json()
    assert plain["data"]["text/plain"] == "42"

    failed = (await alice.post(url, json={"name": "notebook.Fails"})).json()
    assert failed["error"] == "ZeroDivisionError: division by zero"
    unknown = (await alice.post(url, json={"name": "nope"})).json()
    assert unknown["error"] == "ValueError: Function not found: nope"
    # a name is a string literal in the kernel, never code
    sneaky = "x', '[]', '{}'); print('pwned'); ('"
    injected = (await alice.post(url, json={"name": sneaky})).json()
    assert injected["error"].startswith("ValueError: Function not found: x'")

    theirs = await bob.post(url, json=body)
    assert theirs.status_code == 404, theirs.text
    empty = await alice.post(url, json={"name": ""})
    assert empty.status_code in (400, 422) and error_of(empty)["message"]

    nb_doc = (await alice.get(f"/api/notebooks/{nb}")).json()
    cell_a = next(c for c in nb_doc["cells"] if c["id"] == "a")
    printed = "".join(o.get("text", "") for o in cell_a["outputs"])
    assert "adding 1 2" in printed and "pwned" not in printed, cell_a["outputs"]

    # the calls are kept out of the kernel's history
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["b"]})
    cell_b = await settled(alice, nb, "b")
    assert cell_b["execution_count"] == 2, cell_b


async def test_runtime_unassign_deletes_the_runtime(alice: ApiClient) -> None:
    code = "from google.colab import runtime\nruntime.unassign()\nprint('asked')"
    nb = await uploaded(alice, code_cell("a", code))
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["a"]})
    cell = await settled(alice, nb, "a")
    assert "asked" in "".join(o.get("text", "") for o in cell["outputs"]), cell["outputs"]
    for _ in range(100):
        if (await alice.get("/api/runtimes")).json() == []:
            break
        await asyncio.sleep(0.1)
    assert (await alice.get("/api/runtimes")).json() == []
