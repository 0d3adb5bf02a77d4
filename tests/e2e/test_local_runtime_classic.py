"""Connect to a local runtime in Chromium: a classic Jupyter Notebook with jupyter_http_over_ws.

The peer is started exactly as Colab's local-runtime instructions say (``COMMANDS``, with our
origin and a free port), from ``.venv-classic`` (``make .stamps/venv-classic``: notebook 6 needs
its own environment). The page speaks the extension's protocol (proxied requests over
``/http_over_websocket``, kernel channels over ``proxied_ws``), runs ``print(6*7)``, and the output
lands in the stored notebook. A wrong token, a server that lacks the extension and a stopped
server each show the command that fixes them.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import (
    ROOT,
    Screenshot,
    _free_port,
    add_code_cell,
    choose_menu_item,
    error_output,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
    type_code,
)
from tests.e2e.local_widgets import exercise_widgets
from tests.e2e.test_local_runtime_flow import open_local_dialog

pytestmark = pytest.mark.browser

CLASSIC_BIN = ROOT / ".venv-classic" / "bin"
# Colab's instructions, verbatim but for the origin and the port.
COMMANDS = (
    "pip install jupyter_http_over_ws",
    "jupyter serverextension enable --py jupyter_http_over_ws",
    "jupyter notebook --NotebookApp.allow_origin='{origin}' --port={port}",
)
PRINTED_URL = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+)")


@dataclass
class LocalJupyter:
    """A Jupyter server the test started (classic Notebook or jupyter_server)."""

    proc: subprocess.Popen[bytes]
    base: str
    token: str
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def jupyter_env(home: Path, bin_dir: Path) -> dict[str, str]:
    """A venv first on PATH, and Jupyter's config and runtime files in this test's directory."""
    if not (bin_dir / "jupyter").exists():
        pytest.fail(f"{bin_dir.parent} is missing: run `make .stamps/venv-classic`")
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # Jupyter refuses root; a config file leaves the commands verbatim
        (config / "jupyter_notebook_config.py").write_text("c.NotebookApp.allow_root = True\n")
        (config / "jupyter_server_config.py").write_text("c.ServerApp.allow_root = True\n")
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(bin_dir.parent),
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "BROWSER": "true",  # the Notebook opens a browser on start; this one does nothing
    }


def start_jupyter(home: Path, commands: list[str], bin_dir: Path = CLASSIC_BIN) -> LocalJupyter:
    """Runs the setup commands, then the last (the server), and waits for the URL it prints."""
    env = jupyter_env(home, bin_dir)
    workdir = home / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    for command in commands[:-1]:
        subprocess.run(command, shell=True, check=True, env=env, cwd=workdir, capture_output=True)
    log = home / "notebook.log"
    with log.open("wb") as out:
        # shlex.split does what the shell would (the quotes), and leaves us the server's own pid.
        proc = subprocess.Popen(
            shlex.split(commands[-1]), stdout=out, stderr=subprocess.STDOUT, env=env, cwd=workdir
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = PRINTED_URL.search(log.read_text(errors="replace"))
        if found:
            base, token = f"http://127.0.0.1:{found.group(1)}", found.group(2)
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).close()
                return LocalJupyter(proc, base, token, log)
            except OSError:
                pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    LocalJupyter(proc, "", "", log).stop()
    pytest.fail(f"the Jupyter server did not come up:\n{log.read_text(errors='replace')}")


def the_three_commands(origin: str, port: int) -> list[str]:
    return [c.format(origin=origin, port=port) for c in COMMANDS]


@pytest.fixture
def classic(server_url: str, tmp_path: Path) -> Iterator[LocalJupyter]:
    server = start_jupyter(tmp_path / "classic", the_three_commands(server_url, _free_port()))
    yield server
    server.stop()


def problem_shown(page: Page) -> Locator:
    return page.get_by_role("dialog").get_by_role("alert")


def stored_notebook_has(page: Page, notebook_id: str, text: str) -> None:
    stored = ""
    deadline = time.monotonic() + 10
    while text not in stored and time.monotonic() < deadline:
        time.sleep(0.3)
        stored = page.request.get(f"/api/notebooks/{notebook_id}").text()
    assert text in stored, stored


def test_the_classic_commands_give_a_runtime_whose_outputs_are_stored(
    page: Page, classic: LocalJupyter, screenshot: Screenshot
) -> None:
    start_guest_notebook(page)
    notebook_id = page.url.rsplit("/", 1)[-1]
    # A wrong token: the extension answers, the server behind it refuses the token.
    open_local_dialog(page, f"{classic.base}/?token=wrong")
    expect(problem_shown(page)).to_contain_text("refused the token (HTTP 403)", timeout=15_000)
    expect(problem_shown(page)).to_contain_text("jupyter notebook list")
    screenshot("local-classic-bad-token")

    dialog = page.get_by_role("dialog", name="Connect to a local runtime")
    url = f"{classic.base}/?token={classic.token}"
    dialog.get_by_label("Backend URL (with its token)").fill(url)
    dialog.get_by_role("button", name="Connect").click()
    expect(dialog).to_be_hidden(timeout=30_000)
    host = classic.base.removeprefix("http://")
    status = page.get_by_role("status").filter(has_text="Local runtime")
    expect(status).to_have_text(f"Local runtime: {host}")
    expect(status).to_have_attribute("title", re.compile("over jupyter_http_over_ws"))
    first = notebook_cells(page).first
    run_code(page, first, "print(6*7)")
    expect(stream_output(first)).to_have_text("42", timeout=30_000)
    screenshot("local-classic-connected")
    stored_notebook_has(page, notebook_id, "42")
    # The kernel is the Notebook's own: its log saw the kernel start behind the extension.
    assert "Kernel started" in classic.log.read_text(errors="replace")

    # Completion: a complete_request on the kernel's shell channel, through proxied_ws.
    completing = add_code_cell(page)
    run_code(page, completing, "import os")
    expect(completing).to_contain_text("[2]", timeout=30_000)
    type_code(page, completing, "os.getc")
    page.keyboard.press("Control+Space")
    expect(page.locator(".cm-tooltip-autocomplete")).to_contain_text("getcwd", timeout=15_000)
    page.keyboard.press("Escape")

    # input(): the prompt appears in the cell, the reply goes back over proxied_ws.
    asking = add_code_cell(page)
    run_code(page, asking, "name = input('Name? ')\nprint('hello', name)")
    answer = asking.locator("input")
    expect(answer).to_be_visible(timeout=30_000)
    answer.fill("Ada")
    answer.press("Enter")
    expect(stream_output(asking)).to_contain_text("hello Ada", timeout=30_000)

    # Interrupt goes through a proxied POST to /api/kernels/{id}/interrupt.
    spinning = add_code_cell(page)
    run_code(page, spinning, "import time\nwhile True: time.sleep(0.1)")
    expect(spinning.get_by_role("button", name="Interrupt execution")).to_have_attribute(
        "data-status", "running", timeout=30_000
    )
    choose_menu_item(page, "Runtime", "Interrupt execution")
    expect(error_output(spinning)).to_contain_text("KeyboardInterrupt", timeout=30_000)

    # Restart: the kernel forgets `name`.
    choose_menu_item(page, "Runtime", "Restart session")
    after = add_code_cell(page)
    deadline = time.monotonic() + 30
    while True:
        run_code(page, after, "print(name)")
        try:
            expect(error_output(after)).to_contain_text("NameError", timeout=5_000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
    screenshot("local-classic-restarted")


def test_a_stopped_classic_server_says_how_to_start_one(
    page: Page, classic: LocalJupyter, server_url: str, screenshot: Screenshot
) -> None:
    start_guest_notebook(page)
    url = f"{classic.base}/?token={classic.token}"
    open_local_dialog(page, url)
    host = classic.base.removeprefix("http://")
    status = page.get_by_role("status").filter(has_text="Local runtime")
    expect(status).to_have_text(f"Local runtime: {host}", timeout=30_000)
    # Stopped while connected: the editor says the link is lost and offers to reconnect.
    classic.stop()
    expect(status).to_have_text(f"Local runtime lost: {host}", timeout=20_000)
    page.get_by_role("button", name="Reconnect").click()
    dialog = page.get_by_role("dialog", name="Connect to a local runtime")
    dialog.get_by_role("button", name="I trust this notebook, continue").click()
    dialog.get_by_label("Backend URL (with its token)").fill(url)
    dialog.get_by_role("button", name="Connect").click()
    problem = problem_shown(page)
    expect(problem).to_contain_text(f"Nothing answers at {host}", timeout=20_000)
    expect(problem).to_contain_text(f"collaboratory local-runtime --origin {server_url}")
    expect(problem).to_contain_text(f"jupyter notebook --NotebookApp.allow_origin='{server_url}'")
    expect(problem).to_contain_text("jupyter notebook list")
    screenshot("local-classic-stopped")


def test_a_notebook_without_the_extension_gets_the_commands_that_add_it(
    page: Page, server_url: str, tmp_path: Path, screenshot: Screenshot
) -> None:
    # Installed but never enabled, and no allow_origin: neither way in works.
    port = _free_port()
    server = start_jupyter(tmp_path / "bare", [f"jupyter notebook --port={port}"])
    try:
        start_guest_notebook(page)
        open_local_dialog(page, f"{server.base}/?token={server.token}")
        problem = problem_shown(page)
        expect(problem).to_contain_text("does not speak jupyter_http_over_ws", timeout=20_000)
        for command in the_three_commands(server_url, port):
            expect(problem).to_contain_text(command)
        screenshot("local-classic-extension-missing")
    finally:
        server.stop()


def test_ipywidgets_work_over_proxied_ws(
    page: Page, classic: LocalJupyter, screenshot: Screenshot
) -> None:
    start_guest_notebook(page)
    notebook_id = page.url.rsplit("/", 1)[-1]
    open_local_dialog(page, f"{classic.base}/?token={classic.token}")
    expect(page.get_by_role("dialog")).to_be_hidden(timeout=30_000)
    exercise_widgets(page, notebook_id, screenshot, "local-classic")
