"""Connect to a local runtime in Chromium: a stock jupyter_server 2 started by hand.

``jupyter server --ServerApp.allow_origin=<origin> --ServerApp.allow_credentials=True`` (from our
own venv, which has jupyter_server 2) is reached over REST + CORS, found out by the page itself
after the jupyter_http_over_ws diagnosis gets no answer; ``print(6*7)`` runs and is stored. The
same server without ``allow_origin`` is named precisely, with the flag that fixes it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    ROOT,
    Screenshot,
    _free_port,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
)
from tests.e2e.local_widgets import (
    exercise_binary_widgets,
    exercise_widgets,
    reconnecting_restores_widgets,
)
from tests.e2e.test_local_runtime_classic import problem_shown, start_jupyter, stored_notebook_has
from tests.e2e.test_local_runtime_flow import open_local_dialog

pytestmark = pytest.mark.browser

OUR_BIN = ROOT / ".venv" / "bin"


def test_jupyter_server_with_the_cors_flags_runs_cells_over_rest(
    page: Page, server_url: str, tmp_path: Path, screenshot: Screenshot
) -> None:
    port = _free_port()
    command = (
        f"jupyter server --ServerApp.allow_origin={server_url}"
        f" --ServerApp.allow_credentials=True --port={port}"
    )
    server = start_jupyter(tmp_path / "server", [command], OUR_BIN)
    try:
        start_guest_notebook(page)
        notebook_id = page.url.rsplit("/", 1)[-1]
        open_local_dialog(page, f"{server.base}/?token={server.token}")
        expect(page.get_by_role("dialog")).to_be_hidden(timeout=30_000)
        status = page.get_by_role("status").filter(has_text="Local runtime")
        expect(status).to_have_text(f"Local runtime: 127.0.0.1:{port}")
        expect(status).not_to_have_attribute("title", re.compile("jupyter_http_over_ws"))
        cell = notebook_cells(page).first
        run_code(page, cell, "print(6*7)")
        expect(stream_output(cell)).to_have_text("42", timeout=30_000)
        stored_notebook_has(page, notebook_id, "42")
    finally:
        server.stop()


def test_jupyter_server_without_allow_origin_is_told_the_flag(
    page: Page, server_url: str, tmp_path: Path, screenshot: Screenshot
) -> None:
    port = _free_port()
    server = start_jupyter(tmp_path / "bare", [f"jupyter server --port={port}"], OUR_BIN)
    try:
        start_guest_notebook(page)
        open_local_dialog(page, f"{server.base}/?token={server.token}")
        problem = problem_shown(page)
        expect(problem).to_contain_text(f"does not allow {server_url} (CORS)", timeout=20_000)
        expect(problem).to_contain_text(
            f"jupyter server --ServerApp.allow_origin='{server_url}'"
            f" --ServerApp.allow_credentials=True --port={port}"
        )
        screenshot("local-server-origin-not-allowed")
    finally:
        server.stop()


def test_a_port_where_something_else_answers_is_suspected_as_the_wrong_port(
    page: Page, server_url: str, tmp_path: Path, screenshot: Screenshot
) -> None:
    port = _free_port()
    argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    other = subprocess.Popen(argv, cwd=tmp_path, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        start_guest_notebook(page)
        open_local_dialog(page, f"http://127.0.0.1:{port}/?token=abc")
        problem = problem_shown(page)
        expect(problem).to_contain_text("(the wrong port?)", timeout=20_000)
        expect(problem).to_contain_text("jupyter notebook list")
        screenshot("local-wrong-port")
    finally:
        other.terminate()
        other.wait(timeout=10)


def test_ipywidgets_work_over_the_rest_kernel_websocket(
    page: Page, server_url: str, tmp_path: Path, screenshot: Screenshot
) -> None:
    port = _free_port()
    command = (
        f"jupyter server --ServerApp.allow_origin={server_url}"
        f" --ServerApp.allow_credentials=True --port={port}"
    )
    server = start_jupyter(tmp_path / "server", [command], OUR_BIN)
    try:
        start_guest_notebook(page)
        notebook_id = page.url.rsplit("/", 1)[-1]
        open_local_dialog(page, f"{server.base}/?token={server.token}")
        expect(page.get_by_role("dialog")).to_be_hidden(timeout=30_000)
        exercise_widgets(page, notebook_id, screenshot, "local-server")
        exercise_binary_widgets(page, screenshot, "local-server")
        reconnecting_restores_widgets(
            page, f"{server.base}/?token={server.token}", screenshot, "local-server"
        )
    finally:
        server.stop()
