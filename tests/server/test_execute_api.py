"""Server-side execution over HTTP: no browser at all, outputs land in the live document."""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any

import pytest
from fastapi import FastAPI

from collaboratory.runtimes.in_runtime.colab.files import UPLOAD_MIME
from collaboratory.runtimes.sandbox.procs import first_descendant_not_named
from tests.clients import ApiClient, code_cell, error_of, notebook_bytes


async def uploaded(client: ApiClient, *cells: dict[str, Any], **metadata: Any) -> str:
    response = await client.upload("run.ipynb", notebook_bytes(list(cells), **metadata))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def settled(client: ApiClient, notebook_id: str, cell_id: str) -> dict[str, Any]:
    for _ in range(300):
        nb = (await client.get(f"/api/notebooks/{notebook_id}")).json()
        cell: dict[str, Any] = next(c for c in nb["cells"] if c["id"] == cell_id)
        status = cell["metadata"].get("collaboratory", {}).get("execution", {}).get("status")
        if status in ("done", "error"):
            return cell
        await asyncio.sleep(0.1)
    raise AssertionError(f"cell {cell_id} never finished: {cell}")


async def test_execute_with_no_client_then_get_returns_outputs(alice: ApiClient) -> None:
    nb = await uploaded(alice, code_cell("a", "x = 6*7"), code_cell("b", "print(x)"))
    assert (await alice.get("/api/runtimes")).json() == []
    response = await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})
    assert response.status_code == 202 and response.json()["queued"] == ["a", "b"]
    cell = await settled(alice, nb, "b")
    assert cell["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "42\n"}]
    assert cell["execution_count"] == 2
    [runtime] = (await alice.get("/api/runtimes")).json()  # connected first, as Colab does
    assert runtime["notebook_id"] == nb and runtime["runtime_type"] == "cpu"
    download = await alice.get(f"/api/drive/items/{nb}/content")
    assert "42" in download.text  # the download renders the live document too


async def test_bad_execute_requests(alice: ApiClient, bob: ApiClient) -> None:
    nb = await uploaded(alice, code_cell("a", "1"))
    for body in ({}, {"all": True, "cell_ids": ["a"]}, {"all": True, "code": "1"}):
        response = await alice.post(f"/api/notebooks/{nb}/execute", json=body)
        assert response.status_code == 400 and error_of(response)["code"] == "invalid_request"
    unknown = await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["zz"]})
    assert unknown.status_code == 404
    theirs = await bob.post(f"/api/notebooks/{nb}/execute", json={"all": True})
    assert theirs.status_code == 404
    nothing = await alice.post(f"/api/notebooks/{nb}/input", json={"value": "x"})
    assert nothing.status_code == 400


async def test_input_prompt_gets_the_reply(alice: ApiClient) -> None:
    nb = await uploaded(alice, code_cell("a", "name = input('Name? ')\nprint('hi', name)"))
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["a"]})
    for _ in range(300):
        replied = await alice.post(f"/api/notebooks/{nb}/input", json={"value": "Ada"})
        if replied.status_code == 204:
            break
        await asyncio.sleep(0.1)
    cell = await settled(alice, nb, "a")
    assert "hi Ada" in "".join(o.get("text", "") for o in cell["outputs"])


@pytest.mark.parametrize("settings_overrides", [{"accelerators": {"gpu": ["0"]}}])
async def test_a_colab_gpu_notebook_connects_a_gpu_runtime(alice: ApiClient, app: FastAPI) -> None:
    nb = await uploaded(
        alice,
        code_cell("a", "import os; print(os.environ['CUDA_VISIBLE_DEVICES'])"),
        accelerator="GPU",
    )
    await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})
    cell = await settled(alice, nb, "a")
    assert cell["outputs"][0]["text"] == "0\n"
    [runtime] = (await alice.get("/api/runtimes")).json()
    assert runtime["runtime_type"] == "gpu"


async def test_interrupt_from_the_runtime_menu_empties_the_queue(alice: ApiClient) -> None:
    nb = await uploaded(
        alice, code_cell("loop", "while True: pass"), code_cell("after", "print('never')")
    )
    await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})
    for _ in range(300):
        runtimes = (await alice.get("/api/runtimes")).json()
        if runtimes and runtimes[0]["state"] == "busy":
            break
        await asyncio.sleep(0.1)
    interrupted = await alice.post(f"/api/runtimes/{runtimes[0]['id']}/interrupt")
    assert interrupted.status_code == 200
    loop = await settled(alice, nb, "loop")
    assert loop["metadata"]["collaboratory"]["execution"]["status"] == "error"
    assert any(o.get("ename") == "KeyboardInterrupt" for o in loop["outputs"])
    after = next(
        c for c in (await alice.get(f"/api/notebooks/{nb}")).json()["cells"] if c["id"] == "after"
    )
    assert after["outputs"] == []  # dropped from the queue, never run


async def test_completion_and_inspection_from_the_runtime(alice: ApiClient) -> None:
    nb = await uploaded(alice, code_cell("a", "alpha_value = 1"))
    early = await alice.post(f"/api/notebooks/{nb}/complete", json={"code": "al", "cursor_pos": 2})
    assert early.status_code == 409 and "Connect a runtime" in error_of(early)["message"]
    await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})
    await settled(alice, nb, "a")
    completed = await alice.post(
        f"/api/notebooks/{nb}/complete", json={"code": "x = alpha_v", "cursor_pos": 11}
    )
    assert completed.status_code == 200, completed.text
    body = completed.json()
    assert "alpha_value" in body["matches"] and body["cursor_start"] == 4
    assert body["cursor_end"] == 11
    inspected = await alice.post(
        f"/api/notebooks/{nb}/inspect", json={"code": "len(", "cursor_pos": 3}
    )
    help_text = inspected.json()
    assert help_text["found"] is True
    assert "Return the number of items" in help_text["data"]["text/plain"]
    past_end = await alice.post(
        f"/api/notebooks/{nb}/complete", json={"code": "a", "cursor_pos": 5}
    )
    assert past_end.status_code == 400


async def test_completion_on_another_users_notebook_is_404(
    alice: ApiClient, bob: ApiClient
) -> None:
    nb = await uploaded(alice, code_cell("a", "1"))
    theirs = await bob.post(f"/api/notebooks/{nb}/complete", json={"code": "", "cursor_pos": 0})
    assert theirs.status_code == 404


async def test_completion_while_a_cell_runs_answers_empty_not_late(alice: ApiClient) -> None:
    nb = await uploaded(
        alice, code_cell("a", "x = 1"), code_cell("slow", "import time; time.sleep(8)")
    )
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["a"]})
    await settled(alice, nb, "a")
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["slow"]})
    await asyncio.sleep(0.5)
    busy = await alice.post(f"/api/notebooks/{nb}/complete", json={"code": "x", "cursor_pos": 1})
    assert busy.status_code == 200 and busy.json()["matches"] == []
    cells = (await alice.get(f"/api/notebooks/{nb}")).json()["cells"]
    slow = next(c for c in cells if c["id"] == "slow")
    # The answer came while the cell still ran: the editor is never held up by a long cell.
    assert slow["metadata"]["collaboratory"]["execution"]["status"] == "running"


async def test_a_kernel_dying_mid_cell_does_not_leave_it_running(
    alice: ApiClient, app: FastAPI
) -> None:
    nb = await uploaded(alice, code_cell("loop", "while True: pass"), code_cell("next", "1"))
    await alice.post(f"/api/notebooks/{nb}/execute", json={"all": True})
    manager = app.state.services.runtimes
    for _ in range(300):
        runtime = manager.for_notebook((await alice.get("/api/me")).json()["id"], nb)
        if runtime is not None and runtime.execution_state == "busy":
            break
        await asyncio.sleep(0.1)
    assert runtime is not None and runtime.kernel is not None
    sandbox = runtime.kernel.persisted_state()["provisioner"]["pid"]
    kernel_pid = first_descendant_not_named(sandbox, "bwrap")
    assert kernel_pid is not None
    os.kill(kernel_pid, signal.SIGKILL)  # as the out-of-memory killer would
    for _ in range(100):
        if not await runtime.kernel.is_alive():
            break
        await asyncio.sleep(0.05)
    await app.state.services.culler.sweep()  # notices the death
    for _ in range(100):
        cells = (await alice.get(f"/api/notebooks/{nb}")).json()["cells"]
        states = [
            c["metadata"].get("collaboratory", {}).get("execution", {}).get("status") for c in cells
        ]
        if "running" not in states and "queued" not in states:
            break
        await asyncio.sleep(0.05)
    assert "running" not in states and "queued" not in states, states


async def test_colab_files_upload_returns_what_the_editor_sent(
    alice: ApiClient, bob: ApiClient
) -> None:
    code = (
        "from google.colab import files\n"
        "got = files.upload()\n"
        "print({k: len(v) for k, v in got.items()})"
    )
    nb = await uploaded(alice, code_cell("a", code))
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["a"]})
    request: dict[str, Any] | None = None
    for _ in range(300):
        cell = next(c for c in (await alice.get(f"/api/notebooks/{nb}")).json()["cells"])
        shown = [o["data"] for o in cell["outputs"] if o.get("output_type") == "display_data"]
        request = next((d[UPLOAD_MIME] for d in shown if UPLOAD_MIME in d), None)
        if request is not None:
            break
        await asyncio.sleep(0.1)
    assert request is not None and request["directory"] == ""
    [runtime] = (await alice.get("/api/runtimes")).json()
    sent = await alice.post(
        f"/api/runtimes/{runtime['id']}/files", files={"file": ("a.txt", b"abc", "text/plain")}
    )
    assert sent.status_code == 201, sent.text
    finish = f"/api/notebooks/{nb}/colab/uploads/{request['id']}"
    bad = await alice.post(finish, json={"files": ["../etc/passwd"]})
    assert bad.status_code == 400 and error_of(bad)["code"] == "bad_name"
    theirs = await bob.post(finish, json={"files": ["a.txt"]})
    assert theirs.status_code == 404
    assert (await alice.post(finish, json={"files": ["a.txt"]})).status_code == 204
    cell = await settled(alice, nb, "a")
    text = "".join(o.get("text", "") for o in cell["outputs"])
    assert "{'a.txt': 3}" in text, cell["outputs"]
    again = await alice.post(finish, json={"files": ["a.txt"]})
    assert again.status_code == 404 and error_of(again)["code"] == "no_upload_wanted"


async def test_colab_eval_js_result_with_no_cell_waiting_is_404(
    alice: ApiClient, bob: ApiClient
) -> None:
    nb = await uploaded(alice, code_cell("a", "1"))
    url = f"/api/notebooks/{nb}/colab/eval_js/nothing"
    response = await alice.post(url, json={"value": 3})
    assert response.status_code == 404 and error_of(response)["code"] == "no_eval_wanted"
    assert (await bob.post(url, json={"value": 3})).status_code == 404
