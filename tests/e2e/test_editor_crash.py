"""A cell that uses up the runtime's RAM: the cell and the Connect button say so, as Colab does,
and the Connect button's card opens Change runtime type."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from collaboratory.runtimes.sandbox import default_limiter
from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    error_output,
    notebook_cells,
    run_code,
    start_guest_notebook,
)

pytestmark = pytest.mark.browser

# A CPU type with little RAM, and its High-RAM variant to switch to.
TYPES = {
    "cpu": {"name": "CPU", "memory_mb": 192},
    "cpu-highram": {"name": "CPU (High-RAM)", "memory_mb": 1024},
}
SERVER_ENV = {"COLLABORATORY_RUNTIMES__TYPES": json.dumps(TYPES)}
HOG = "hog = bytearray(1024 * 1024 * 1024); hog[:] = b'1' * len(hog)"
OOM = "Your session crashed after using all available RAM."


def test_an_oom_crash_is_explained_in_the_cell_and_on_the_connect_button(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    if "memory" not in default_limiter().enforces():
        pytest.skip(f"no cgroup limits memory here ({default_limiter().describe()})")
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    run_code(page, cell, HOG)

    expect(error_output(cell)).to_contain_text(OOM, timeout=60_000)
    expect(error_output(cell)).to_contain_text("Runtime › Change runtime type › CPU (High-RAM)")
    crashed = page.get_by_role("status").filter(has_text="Session crashed: out of RAM")
    expect(crashed).to_be_visible()
    expect(crashed).to_contain_text(re.compile(rf"^.*{re.escape(OOM)} This runtime has 192 MB"))
    page_screenshot(page, "editor-12-session-crashed-oom")

    crashed.get_by_role("button", name="Change runtime type").click()
    dialog = page.get_by_role("dialog", name="Change runtime type")
    expect(dialog).to_be_visible()
