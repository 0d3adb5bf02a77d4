"""End to end in Chromium: a file dropped on the Drive page is readable through
``drive.mount('/content/drive')`` in a cell, and the ``out.csv`` the cell writes there shows in
the Drive listing."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Screenshot, notebook_cells, run_code, stream_output
from tests.e2e.test_drive_flow import continue_as_guest, drop_files

pytestmark = pytest.mark.browser

CELL = (
    "from google.colab import drive\n"
    "drive.mount('/content/drive')\n"
    "print(open('/content/drive/MyDrive/from-the-ui.txt').read())\n"
    "open('/content/drive/MyDrive/out.csv', 'w').write('x,y\\n1,2\\n')\n"
)


def test_drive_mount_reads_an_upload_and_writes_to_the_listing(
    page: Page, screenshot: Screenshot
) -> None:
    continue_as_guest(page)
    drop_files(page, page.get_by_test_id("drive-drop-zone"), [("from-the-ui.txt", "dropped")])
    expect(page.get_by_role("row", name="from-the-ui.txt")).to_be_visible()

    page.get_by_role("button", name="New notebook").click()
    expect(page).to_have_url(re.compile(r"/notebooks/[^/]+$"))
    cell = notebook_cells(page).first
    expect(cell.locator(".cm-content")).to_be_visible()
    run_code(page, cell, CELL)
    output = stream_output(cell)
    expect(output).to_contain_text("Mounted at /content/drive", timeout=180_000)
    expect(output).to_contain_text("dropped")
    screenshot("01-mounted-and-read")

    page.goto("/")
    out = page.get_by_role("row", name="out.csv")
    for _ in range(30):  # the mount carries the file over within a few seconds
        if out.count():
            break
        time.sleep(1)
        page.reload()
    expect(out).to_be_visible()
    expect(out).to_have_attribute("data-kind", "file")
    screenshot("02-out-csv-in-drive")
