"""Editor flows in Chromium: run a cell, progress bars, outputs while away, the Runtime menu."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, WebSocket, expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    add_code_cell,
    choose_menu_item,
    error_output,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
    type_code,
)

pytestmark = pytest.mark.browser

# A cell's first run connects a runtime (no warm pool in these tests) before it executes; the
# first one of a test session also prepares the runtime image, over 30 s on a loaded machine.
FIRST_RUN_TIMEOUT_MS = 120_000


class ControlFrames:
    """The JSON text frames (control requests and replies) on a page's notebook sync sockets."""

    def __init__(self, page: Page) -> None:
        self.sent: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []
        page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        if "/sync" not in socket.url:
            return
        socket.on("framesent", lambda payload: self._record(self.sent, payload))
        socket.on("framereceived", lambda payload: self._record(self.received, payload))

    @staticmethod
    def _record(into: list[dict[str, Any]], payload: str | bytes) -> None:
        if isinstance(payload, str):
            into.append(json.loads(payload))

    def wait_for_reply(
        self, page: Page, request_type: str, timeout_s: float = 30
    ) -> dict[str, Any]:
        """The server's reply to the last request of ``request_type`` sent, once it has come."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            ids = [m.get("id") for m in self.sent if m.get("type") == request_type]
            for message in self.received:
                if ids and message.get("type") == "reply" and message.get("id") == ids[-1]:
                    return message
            page.wait_for_timeout(100)
        raise AssertionError(f"no reply to {request_type!r}: sent {self.sent}")


def test_guest_runs_print_with_shift_enter(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    first = notebook_cells(page).first
    first.locator(".cm-content").click()
    page.keyboard.type("print(6*7)")
    page.keyboard.press("Shift+Enter")

    expect(stream_output(first)).to_have_text("42\n", timeout=FIRST_RUN_TIMEOUT_MS)
    expect(first).to_contain_text("[1]")
    # Shift+Enter runs the cell and moves on: to a new cell when it was the last one.
    expect(notebook_cells(page)).to_have_count(2)
    expect(page.get_by_role("button", name=re.compile(r"^Connected"))).to_be_visible()
    page_screenshot(page, "editor-01-guest-print")


def test_run_selection_runs_only_the_selected_line(new_page: PageFactory) -> None:
    page = new_page()
    start_guest_notebook(page)
    first = notebook_cells(page).first
    first.locator(".cm-content").click()
    page.keyboard.type("print('whole cell')")
    page.keyboard.press("Enter")
    page.keyboard.type("print('selected')")
    page.keyboard.press("Shift+Home")  # the second line, selected
    page.keyboard.press("Control+Shift+Enter")

    expect(stream_output(first)).to_have_text("selected\n", timeout=FIRST_RUN_TIMEOUT_MS)
    expect(first.locator(".cm-content")).to_contain_text("print('whole cell')")


def test_tqdm_progress_bar_is_one_updating_line(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    run_code(
        page,
        cell,
        "from tqdm import tqdm; import time\nfor i in tqdm(range(30)): time.sleep(0.05)",
    )

    stream = stream_output(cell)
    expect(stream).to_contain_text("30/30", timeout=FIRST_RUN_TIMEOUT_MS)
    expect(cell).to_contain_text("[1]")  # finished, not [*]
    expect(stream).to_have_count(1)
    text = stream.inner_text().strip()
    assert "\n" not in text, f"the progress bar spans several lines: {text!r}"
    assert text.count("100%") == 1, text
    assert re.match(r"^100%\|\S+\| 30/30 \[", text), text
    page_screenshot(page, "editor-04-tqdm")


def test_outputs_keep_arriving_while_the_page_is_closed(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    notebook_url = page.url
    cell = notebook_cells(page).first
    run_code(page, cell, "import time\nfor i in range(10): print(i, flush=True); time.sleep(1)")
    expect(stream_output(cell)).to_contain_text("1", timeout=FIRST_RUN_TIMEOUT_MS)
    closed_at = time.monotonic()
    context = page.context
    page.close()

    time.sleep(max(0.0, 9.0 - (time.monotonic() - closed_at)))
    reopened = context.new_page()
    reopened.goto(notebook_url)
    cell = notebook_cells(reopened).first
    expected = "".join(f"{i}\n" for i in range(10))
    expect(stream_output(cell)).to_have_text(expected, timeout=15_000)
    expect(cell).to_contain_text("[1]")
    page_screenshot(reopened, "editor-06-reopened")


def test_runtime_menu_runs_all_interrupts_and_restarts(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    control = ControlFrames(page)
    start_guest_notebook(page)
    define, use, third = notebook_cells(page).first, add_code_cell(page), add_code_cell(page)
    type_code(page, define, "x = 41")
    type_code(page, use, "print(x + 1)")
    type_code(page, third, "print('third')")

    choose_menu_item(page, "Runtime", "Run all")
    expect(stream_output(third)).to_have_text("third\n", timeout=FIRST_RUN_TIMEOUT_MS)
    expect(stream_output(use)).to_have_text("42\n")
    for position, cell in enumerate((define, use, third), start=1):
        expect(cell).to_contain_text(f"[{position}]")

    spinning = add_code_cell(page)
    run_code(page, spinning, "while True: pass")
    expect(spinning.get_by_role("button", name="Interrupt execution")).to_have_attribute(
        "data-status", "running", timeout=FIRST_RUN_TIMEOUT_MS
    )
    choose_menu_item(page, "Runtime", "Interrupt execution")
    expect(error_output(spinning)).to_contain_text("KeyboardInterrupt", timeout=15_000)
    page_screenshot(page, "editor-07-interrupted")

    choose_menu_item(page, "Runtime", "Restart session")
    assert control.wait_for_reply(page, "restart")["ok"] is True
    use.get_by_role("button", name="Run cell").click()
    expect(error_output(use)).to_contain_text(
        "NameError: name 'x' is not defined", timeout=FIRST_RUN_TIMEOUT_MS
    )
    page_screenshot(page, "editor-07-restarted")

    # Reopened, no cell is active; a click makes the third one active and Run before is enabled.
    page.reload()
    cells = notebook_cells(page)
    expect(cells).to_have_count(4)
    third = cells.nth(2)
    third.locator(".cm-content").click()
    expect(third).to_have_class(re.compile(r"\bactive\b"))
    menubar = page.get_by_role("menubar", name="Notebook menu")
    menubar.get_by_role("menuitem", name="Runtime").click()
    runtime = page.get_by_role("menu", name="Runtime")
    run_before = runtime.get_by_role("menuitem", name="Run before", exact=True)
    expect(run_before).not_to_have_attribute("aria-disabled", "true")
    page_screenshot(page, "editor-07-run-before-menu")
    run_before.click()
    expect(stream_output(cells.nth(1))).to_have_text("42\n", timeout=FIRST_RUN_TIMEOUT_MS)
