"""Connect to a local runtime in Chromium: a real jupyter_server here, reached by the page.

The server is started by ``collaboratory local-runtime`` (the command this flow tells people to
run); the page connects to it directly, runs ``print(6*7)`` on its kernel and writes the output
into the shared document, where ``GET /api/notebooks/{id}`` finds it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.cli.test_local_runtime import start_local_runtime, stop
from tests.e2e.conftest import (
    Screenshot,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
)

pytestmark = pytest.mark.browser


def open_local_dialog(page: Page, url: str) -> None:
    page.get_by_role("button", name="Additional connection options").click()
    page.get_by_role("menuitem", name="Connect to a local runtime…").click()
    dialog = page.get_by_role("dialog", name="Connect to a local runtime")
    expect(dialog).to_contain_text("Local execution runs code from the notebook on your machine")
    dialog.get_by_role("button", name="I trust this notebook, continue").click()
    dialog.get_by_label("Backend URL (with its token)").fill(url)
    dialog.get_by_role("button", name="Connect").click()


def test_a_local_runtime_runs_cells_and_the_outputs_are_stored(
    page: Page, server_url: str, tmp_path: Path, screenshot: Screenshot
) -> None:
    proc, base, token = start_local_runtime(server_url, tmp_path / "jupyter.log", tmp_path)
    try:
        start_guest_notebook(page)
        notebook_id = page.url.rsplit("/", 1)[-1]
        # A wrong token: the server refuses it, and the dialog says how to find the right one.
        open_local_dialog(page, f"{base}/?token=wrong")
        problem = page.get_by_role("dialog").get_by_role("alert")
        expect(problem).to_contain_text("refused the token", timeout=15_000)
        expect(problem).to_contain_text("jupyter server list")
        dialog = page.get_by_role("dialog", name="Connect to a local runtime")
        dialog.get_by_label("Backend URL (with its token)").fill(f"{base}/?token={token}")
        dialog.get_by_role("button", name="Connect").click()
        expect(dialog).to_be_hidden(timeout=30_000)
        host = base.removeprefix("http://")
        expect(page.get_by_role("status").filter(has_text="Local runtime")).to_have_text(
            f"Local runtime: {host}"
        )
        cell = notebook_cells(page).first
        run_code(page, cell, "print(6*7)")
        expect(stream_output(cell)).to_have_text("42", timeout=30_000)
        screenshot("local-runtime-connected")
        stored = ""
        deadline = time.monotonic() + 10
        while "42" not in stored and time.monotonic() < deadline:
            time.sleep(0.3)
            stored = page.request.get(f"/api/notebooks/{notebook_id}").text()
        assert "42" in stored, stored
        # One click back to a hosted runtime.
        page.get_by_role("button", name="Connect to a hosted runtime").click()
        expect(page.get_by_role("status").filter(has_text="Local runtime")).to_have_count(0)
        # The server stopped: nothing answers; the dialog gives the command that starts one.
        stop(proc)
        open_local_dialog(page, f"{base}/?token={token}")
        problem = page.get_by_role("dialog").get_by_role("alert")
        expect(problem).to_contain_text("Nothing answers at", timeout=15_000)
        expect(problem).to_contain_text(f"collaboratory local-runtime --origin {server_url}")
        screenshot("local-runtime-unreachable")
    finally:
        stop(proc)


def test_a_server_that_does_not_allow_our_origin_is_explained(
    page: Page, server_url: str, tmp_path: Path, screenshot: Screenshot
) -> None:
    proc, base, token = start_local_runtime("http://127.0.0.1:1", tmp_path / "other.log", tmp_path)
    try:
        start_guest_notebook(page)
        open_local_dialog(page, f"{base}/?token={token}")
        problem = page.get_by_role("dialog").get_by_role("alert")
        # Another origin allowed: no answer is readable, so the token and the origin are suspects.
        expect(problem).to_contain_text(f"does not allow {server_url}", timeout=15_000)
        expect(problem).to_contain_text(f"collaboratory local-runtime --origin {server_url}")
        expect(problem).to_contain_text("--ServerApp.allow_origin=")
        screenshot("local-runtime-token-or-origin")
    finally:
        stop(proc)
