"""`collaboratory connect` in Chromium: my machine runs a 10 s loop; the link is cut, the tab shut.

The editor reports the lost link and its return; the tab closes while the loop still runs, and
every line is in the document afterwards (the server drives the kernel, not the page).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import RESULTS, choose_menu_item, notebook_cells, run_code, stream_output
from tests.runtimes.remote.link_proxy import LinkProxy
from tests.servers import Server, free_port

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
LOOP = "import time\nfor i in range(10):\n    print('line', i, flush=True)\n    time.sleep(1)"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "data", free_port(), start_seconds=120)  # a loaded machine
    try:
        yield running
    finally:
        running.kill_all()


class ProxyThread:
    """The link relay on an event loop of its own, for a synchronous test to cut."""

    def __init__(self, target_port: int) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.proxy = self._call(LinkProxy(target_port).start())

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=60)

    def cut(self, seconds: float) -> None:
        asyncio.run_coroutine_threadsafe(self.proxy.cut(seconds), self.loop)

    def close(self) -> None:
        self._call(self.proxy.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


def lines_in(server: Server, cookies: dict[str, str], notebook_id: str) -> tuple[list[str], str]:
    nb = httpx.get(f"{server.url}/api/notebooks/{notebook_id}", cookies=cookies).json()
    cell = nb["cells"][0]
    text = "".join(
        "".join(o["text"]) if isinstance(o["text"], list) else o["text"]
        for o in cell["outputs"]
        if o["output_type"] == "stream"
    )
    status = (cell["metadata"].get("collaboratory", {}).get("execution") or {}).get("status", "")
    return text.splitlines(), status


def test_my_machine_runs_through_a_cut_link_and_a_closed_tab(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    assert page.request.post("/api/auth/signup", data={"username": "ada", "password": PASSWORD}).ok
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    made = page.request.post(
        "/api/tokens", data={"name": "laptop"}, headers={"X-XSRFToken": cookies["_xsrf"]}
    )
    relay = ProxyThread(int(server.url.rsplit(":", 1)[1]))
    env = {**os.environ, "COLLABORATORY_TOKEN": made.json()["token"]}
    argv = [sys.executable, "-m", "collaboratory", "connect", "--url", relay.proxy.url]
    with (tmp_path / "connect.log").open("wb") as log:
        laptop = subprocess.Popen(
            [*argv, "--name", "laptop", "--cwd", str(tmp_path)], env=env, stdout=log, stderr=log
        )
    try:
        deadline = time.monotonic() + 60
        while "machine-laptop" not in page.request.get("/api/runtime-types").text():
            assert time.monotonic() < deadline, (tmp_path / "connect.log").read_text()
            time.sleep(0.3)
        page.goto("/")
        page.get_by_role("button", name="New notebook").click()
        cell = notebook_cells(page).first
        expect(cell.locator(".cm-content")).to_be_visible()
        notebook_id = page.url.rsplit("/", 1)[-1]
        choose_menu_item(page, "Runtime", "Change runtime type")
        dialog = page.get_by_role("dialog", name="Change runtime type")
        dialog.get_by_role("radio", name="My machine (laptop)").check()
        dialog.get_by_role("button", name="Save").click()

        run_code(page, cell, LOOP)
        expect(stream_output(cell)).to_contain_text("line 1", timeout=60_000)
        relay.cut(3.0)  # the link drops mid-run
        lost = page.get_by_role("status").filter(has_text="Lost the link to your machine")
        expect(lost).to_be_visible(timeout=15_000)
        page.screenshot(path=str(tmp_path / "link-lost.png"))
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / "connect-link-lost.png"))
        expect(lost).to_be_hidden(timeout=30_000)  # reconnected: the warning goes
        lines, status = lines_in(server, cookies, notebook_id)
        page.close()  # the tab closes while the loop still runs
        assert status == "running" and len(lines) < 10, (status, lines)

        deadline = time.monotonic() + 90
        while (found := lines_in(server, cookies, notebook_id))[1] != "done":
            assert time.monotonic() < deadline, found
            time.sleep(0.5)
        assert found[0] == [f"line {i}" for i in range(10)]
        assert errors == [], errors
    finally:
        laptop.terminate()
        laptop.wait(timeout=20)
        relay.close()
        context.close()
