"""Tools > Compare runtime environments in Chromium: a hosted image against my own machine.

The hosted image is built for real with a package only it has (a wheel made on the spot); the
local side is this test's Python environment, offered by ``collaboratory connect`` as a real
process, so it has packages (fastapi) that the image lacks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.cli.test_local_runtime import start_local_runtime, stop
from tests.conftest import TEST_IMAGE
from tests.e2e.conftest import RESULTS, SERVER, choose_menu_item, notebook_cells, run_code
from tests.e2e.test_local_runtime_flow import open_local_dialog
from tests.runtimes.wheels import tiny_wheel, wheel_filename
from tests.servers import Server, free_port

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel = tiny_wheel("hostedonly", 7, "1.0.0")
    (wheels / wheel_filename("hostedonly", "1.0.0")).write_bytes(wheel)
    # The session's test image plus a package only the hosted side has, in images of our own
    # (the environment variables override any config file, and servers inherit them).
    standard = {**TEST_IMAGE, "packages": [*TEST_IMAGE["packages"], "hostedonly"]}
    images = {"standard": {**standard, "find_links": [str(wheels)]}, "ml": TEST_IMAGE}
    monkeypatch.setenv("COLLABORATORY_RUNTIMES__IMAGES", json.dumps(images))
    monkeypatch.setenv("COLLABORATORY_RUNTIMES__IMAGES_DIR", str(tmp_path / "images"))
    data = tmp_path / "data"
    build = [str(SERVER), "images", "build", "standard", "--data-dir", str(data)]
    subprocess.run(build, check=True, timeout=600, capture_output=True)
    running = Server(data, free_port(), start_seconds=120)  # a loaded CI box starts slowly
    try:
        yield running
    finally:
        running.kill_all()


def sign_up_with_token(page: Page) -> str:
    assert page.request.post("/api/auth/signup", data={"username": "ada", "password": PASSWORD}).ok
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    created = page.request.post(
        "/api/tokens", data={"name": "laptop"}, headers={"X-XSRFToken": xsrf}
    )
    assert created.ok, created.text()
    return str(created.json()["token"])


def test_compare_lists_what_only_the_hosted_image_and_only_my_machine_have(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    token = sign_up_with_token(page)
    env = {**os.environ, "COLLABORATORY_URL": server.url, "COLLABORATORY_TOKEN": token}
    argv = [sys.executable, "-m", "collaboratory", "connect", "--name", "laptop"]
    with (tmp_path / "connect.log").open("wb") as log:
        laptop = subprocess.Popen([*argv, "--cwd", str(tmp_path)], env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while "machine-laptop" not in page.request.get("/api/runtime-types").text():
            assert time.monotonic() < deadline, (tmp_path / "connect.log").read_text()
            time.sleep(0.3)
        page.goto("/")
        page.get_by_role("button", name="New notebook").click()
        expect(notebook_cells(page).first.locator(".cm-content")).to_be_visible()

        choose_menu_item(page, "Runtime", "Change runtime type")
        dialog = page.get_by_role("dialog", name="Change runtime type")
        dialog.get_by_role("radio", name="My machine (laptop)").check()
        dialog.get_by_role("button", name="Save").click()
        # The trap: on my machine the hosted image's package is missing.
        cell = notebook_cells(page).first
        run_code(page, cell, "import hostedonly")
        expect(cell.locator("[data-output=error]")).to_contain_text(
            "ModuleNotFoundError", timeout=60_000
        )

        choose_menu_item(page, "Tools", "Compare runtime environments")
        compare = page.get_by_role("dialog", name="Compare runtime environments")
        table = compare.get_by_role("table", name="Package differences")
        page.screenshot(path=str(tmp_path / "compare.png"))
        expect(table.get_by_role("row", name="hostedonly 1.0.0 — Only hosted")).to_be_visible(
            timeout=30_000
        )
        expect(table.get_by_role("row").filter(has_text="fastapi").first).to_contain_text(
            "Only local"
        )
        expect(compare).to_contain_text("compared with your machine (laptop)")
        expect(compare.locator("pre")).to_contain_text('"hostedonly==1.0.0"')
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / "compare-environments.png"))
        assert errors == [], errors
    finally:
        laptop.terminate()
        laptop.wait(timeout=20)
        context.close()


def test_compare_asks_a_browser_connected_local_jupyter_directly(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    proc, base, token = start_local_runtime(server.url, tmp_path / "jupyter.log", tmp_path)
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        sign_up_with_token(page)
        page.goto("/")
        page.get_by_role("button", name="New notebook").click()
        expect(notebook_cells(page).first.locator(".cm-content")).to_be_visible()
        open_local_dialog(page, f"{base}/?token={token}")
        host = base.removeprefix("http://")
        expect(page.get_by_role("status").filter(has_text="Local runtime")).to_have_text(
            f"Local runtime: {host}", timeout=30_000
        )

        choose_menu_item(page, "Tools", "Compare runtime environments")
        compare = page.get_by_role("dialog", name="Compare runtime environments")
        expect(compare).to_contain_text(f"compared with the local runtime at {host}")
        table = compare.get_by_role("table", name="Package differences")
        expect(table.get_by_role("row", name="hostedonly 1.0.0 — Only hosted")).to_be_visible(
            timeout=30_000
        )
        expect(table.get_by_role("row").filter(has_text="jupyter_server").first).to_contain_text(
            "Only local"
        )
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / "compare-environments-local-jupyter.png"))
        assert errors == [], errors
    finally:
        stop(proc)
        context.close()
