"""The sync socket's JSON requests (run, input, complete, inspect, interrupt); widget comms."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.documents.client import SyncClient, append_source, eventually, sync_client
from tests.documents.conftest import token_of


def cell_of(client: SyncClient, cell_id: str) -> dict[str, Any]:
    cells = client.notebook()["cells"]
    return dict(next(c for c in cells if c["id"] == cell_id))


def stdout(client: SyncClient, cell_id: str) -> str:
    outputs = cell_of(client, cell_id)["outputs"]
    return "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")


def status(client: SyncClient, cell_id: str) -> str | None:
    state = cell_of(client, cell_id)["metadata"].get("collaboratory", {}).get("execution", {})
    found = state.get("status")
    return None if found is None else str(found)


async def a_notebook(client: ApiClient, *cells: dict[str, Any]) -> str:
    response = await client.upload("nb.ipynb", notebook_bytes(list(cells)))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_cells_run_answer_input_complete_and_interrupt_from_the_socket(
    served: str, alice: ApiClient
) -> None:
    cells = [
        code_cell("ask", "name = input('Who? ')\nprint('hi', name)"),
        code_cell("loop", "while True: pass"),
    ]
    nb = await a_notebook(alice, *cells)
    async with sync_client(served, nb, await token_of(alice)) as editor:
        reply = await editor.request("execute", cell_ids=["ask"])
        assert reply["ok"] and reply["result"] == {"queued": ["ask"]}
        await eventually(lambda: "input" in _execution(editor, "ask"), within=60)
        assert _execution(editor, "ask")["input"] == {"prompt": "Who? ", "password": False}
        assert (await editor.request("input_reply", value="Ada"))["ok"]
        await eventually(lambda: status(editor, "ask") == "done", within=30)
        assert stdout(editor, "ask").endswith("hi Ada\n")

        completion = await editor.request("complete", code="import o", cursor_pos=8)
        assert "os" in completion["result"]["matches"]
        help_ = await editor.request("inspect", code="len", cursor_pos=3, detail_level=0)
        assert help_["result"]["found"] and "text/plain" in help_["result"]["data"]

        await editor.request("execute", cell_ids=["loop"])
        await eventually(lambda: status(editor, "loop") == "running", within=30)
        assert (await editor.request("interrupt"))["ok"]
        await eventually(lambda: status(editor, "loop") == "error", within=30)
        assert "KeyboardInterrupt" in json.dumps(cell_of(editor, "loop")["outputs"])


def _execution(client: SyncClient, cell_id: str) -> dict[str, Any]:
    metadata = cell_of(client, cell_id)["metadata"]
    return dict(metadata.get("collaboratory", {}).get("execution", {}))


async def test_bad_requests_get_error_frames_and_the_socket_stays_open(
    served: str, alice: ApiClient
) -> None:
    nb = await a_notebook(alice, code_cell("c", "1"))
    async with sync_client(served, nb, await token_of(alice)) as editor:
        await editor.ws.send("this is not json")
        frame = await asyncio.wait_for(editor.error_frames.get(), 10)
        assert frame["type"] == "error" and frame["error"]["code"] == "invalid_message"

        unknown = await editor.request("launch_rockets")
        assert not unknown["ok"] and unknown["error"]["code"] == "invalid_message"
        both = await editor.request("execute", cell_ids=["c"], all=True)
        assert both["error"]["code"] == "invalid_request"
        missing = await editor.request("execute", cell_ids=["nope"])
        assert missing["error"]["code"] == "not_found" and "nope" in missing["error"]["message"]
        no_prompt = await editor.request("input_reply", value="x")
        assert no_prompt["error"]["code"] == "no_input_wanted"
        no_runtime = await editor.request("interrupt")
        assert no_runtime["error"]["code"] == "no_runtime"
        past_end = await editor.request("complete", code="ab", cursor_pos=5)
        assert past_end["error"]["code"] == "invalid_request"

        await editor.to_kernel("execute_request", {"code": "1"})
        frame = await asyncio.wait_for(editor.error_frames.get(), 10)
        assert "comm_msg" in frame["error"]["message"]  # says what may go to the kernel

        # still a working document connection
        append_source(editor.ynotebook, "+1")
        await editor.ack()
        cell = (await alice.get(f"/api/notebooks/{nb}")).json()["cells"][0]
        assert cell["source"] == "1+1"


SLIDER = "import ipywidgets as w\nslider = w.IntSlider(value=3)\ndisplay(slider)"


async def test_widgets_sync_both_ways_between_kernel_and_editors(
    served: str, alice: ApiClient
) -> None:
    cells = [
        code_cell("make", SLIDER),
        code_cell("read", "print('value', slider.value)"),
        code_cell("set", "slider.value = 9"),
    ]
    nb = await a_notebook(alice, *cells)
    token = await token_of(alice)
    async with sync_client(served, nb, token) as one, sync_client(served, nb, token) as two:
        await one.request("execute", cell_ids=["make"])
        opened = await one.kernel_frame(
            lambda m: (
                m["header"]["msg_type"] == "comm_open"
                and m["content"]["data"]["state"].get("_model_name") == "IntSliderModel"
            )
        )
        comm_id = opened["content"]["comm_id"]
        assert opened["content"]["data"]["state"]["value"] == 3
        await eventually(lambda: status(one, "make") == "done", within=30)
        view = cell_of(one, "make")["outputs"][0]["data"]
        assert view["application/vnd.jupyter.widget-view+json"]["model_id"] == comm_id

        # the browser moves the slider; the kernel and the other editor hear of it
        update = {"method": "update", "state": {"value": 7}, "buffer_paths": []}
        await one.to_kernel("comm_msg", {"comm_id": comm_id, "data": update})
        echoed = await two.kernel_frame(
            lambda m: (
                m["header"]["msg_type"] == "comm_msg"
                and m["content"]["data"].get("state", {}).get("value") == 7
            )
        )
        assert echoed["content"]["comm_id"] == comm_id
        await one.request("execute", cell_ids=["read"])
        await eventually(lambda: status(one, "read") == "done", within=30)
        assert stdout(one, "read") == "value 7\n"

        # the kernel moves it; both editors hear of it
        await one.request("execute", cell_ids=["set"])
        for editor in (one, two):
            await editor.kernel_frame(
                lambda m: (
                    m["header"]["msg_type"] == "comm_msg"
                    and m["content"]["data"].get("state", {}).get("value") == 9
                )
            )

        await eventually(lambda: status(one, "set") == "done", within=30)
        # a late editor asks which widgets exist; only it gets the answer
        asked = await two.to_kernel("comm_info_request", {"target_name": "jupyter.widget"})
        info = await two.kernel_frame(lambda m: m["header"]["msg_type"] == "comm_info_reply")
        assert info["parent_header"]["msg_id"] == asked
        assert comm_id in info["content"]["comms"]
        await asyncio.sleep(0.3)
        assert all(
            f["msg"]["header"]["msg_type"] != "comm_info_reply" for f in _drain(one.kernel_frames)
        )


OUTPUT_WIDGET = (
    "import ipywidgets as w\nout = w.Output()\ndisplay(out)\n"
    "with out:\n    print('inside the widget')\nprint('in the cell')"
)


async def test_output_widget_captures_go_to_editors_not_the_cell(
    served: str, alice: ApiClient
) -> None:
    nb = await a_notebook(alice, code_cell("out", OUTPUT_WIDGET))
    async with sync_client(served, nb, await token_of(alice)) as editor:
        await editor.request("execute", cell_ids=["out"])
        captured = await editor.kernel_frame(lambda m: m["header"]["msg_type"] == "stream")
        assert captured["content"]["text"] == "inside the widget\n"
        await eventually(lambda: status(editor, "out") == "done", within=30)
        assert stdout(editor, "out") == "in the cell\n"


def _drain(queue: asyncio.Queue[dict[str, Any]]) -> list[dict[str, Any]]:
    items = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


async def test_a_run_sent_right_after_a_restart_runs_on_the_new_kernel(
    served: str, alice: ApiClient
) -> None:
    nb = await a_notebook(alice, code_cell("def", "x = 1"), code_cell("use", "print(x)"))
    async with sync_client(served, nb, await token_of(alice)) as editor:
        await editor.request("execute", cell_ids=["def"])
        await eventually(lambda: status(editor, "def") == "done", within=60)
        restart = asyncio.create_task(editor.request("restart"))  # not waited for
        await asyncio.sleep(0)  # sent before the run below
        run = await editor.request("execute", cell_ids=["use"])
        assert run["ok"] and (await restart)["ok"]
        await eventually(lambda: status(editor, "use") == "error", within=60)
        assert "NameError" in json.dumps(cell_of(editor, "use")["outputs"])


async def test_run_selection_runs_the_given_code_into_its_cell(
    served: str, alice: ApiClient
) -> None:
    nb = await a_notebook(alice, code_cell("sel", "x = 20\nprint('the whole cell')"))
    async with sync_client(served, nb, await token_of(alice)) as editor:
        reply = await editor.request("execute", cell_ids=["sel"], code="print(6 * 7)")
        assert reply["ok"] and reply["result"] == {"queued": ["sel"]}
        await eventually(lambda: status(editor, "sel") == "done", within=60)
        assert stdout(editor, "sel") == "42\n"
        assert cell_of(editor, "sel")["source"] == "x = 20\nprint('the whole cell')"

        both = await editor.request("execute", cell_ids=["sel", "sel"], code="1")
        assert not both["ok"] and both["error"]["code"] == "invalid_request"
        assert "exactly one cell" in both["error"]["message"]
