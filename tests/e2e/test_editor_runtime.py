"""Editor flows in Chromium: Change runtime type to a GPU, the Files panel's session storage."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import FilePayload, expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    add_code_cell,
    choose_menu_item,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
)

pytestmark = pytest.mark.browser

GPU_IDS = ["0", "1"]
# A static GPU inventory: the machine needs no GPU; the runtime gets one of these ids.
SERVER_ENV = {"COLLABORATORY_ACCELERATORS__GPU": json.dumps(GPU_IDS)}
FIRST_RUN_TIMEOUT_MS = 30_000


def test_change_runtime_type_to_gpu_sets_cuda_visible_devices(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    choose_menu_item(page, "Runtime", "Change runtime type")
    dialog = page.get_by_role("dialog", name="Change runtime type")
    accelerators = dialog.get_by_role("radiogroup", name="Hardware accelerator")
    expect(accelerators.get_by_role("radio", name="CPU")).to_be_checked()
    expect(accelerators.get_by_role("radio", name="TPU")).to_be_disabled()
    accelerators.get_by_role("radio", name="GPU").check()
    page_screenshot(page, "editor-03-change-runtime-type")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()

    cell = notebook_cells(page).first
    run_code(page, cell, 'import os; print(os.environ["CUDA_VISIBLE_DEVICES"])')
    expect(stream_output(cell)).to_have_text(
        re.compile(rf"^({'|'.join(GPU_IDS)})\n$"), timeout=FIRST_RUN_TIMEOUT_MS
    )
    # The connected runtime shows a GPU meter beside RAM and Disk.
    expect(page.get_by_role("button", name=re.compile(r"^Connected.*GPU"))).to_be_visible()
    page_screenshot(page, "editor-03-gpu-runtime")


def test_upload_to_session_storage_then_read_it_from_a_cell(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.get_by_role("button", name=re.compile(r"^Connected"))).to_be_visible(
        timeout=FIRST_RUN_TIMEOUT_MS
    )

    page.get_by_role("navigation", name="Side panels").get_by_role("button", name="Files").click()
    panel = page.get_by_role("complementary", name="Files")
    expect(panel.get_by_text("content", exact=True)).to_be_visible()
    content = "hello from an upload\nsecond line\n"
    with page.expect_file_chooser() as chooser:
        panel.get_by_role("button", name="Upload to session storage").click()
    upload: FilePayload = {
        "name": "greeting.txt",
        "mimeType": "text/plain",
        "buffer": content.encode(),
    }
    chooser.value.set_files(upload)
    listing = panel.get_by_role("list", name="Files")
    expect(listing.get_by_role("listitem").filter(has_text="greeting.txt")).to_be_visible()
    page_screenshot(page, "editor-08-files-uploaded")

    cell = add_code_cell(page)
    run_code(page, cell, "print(open('/content/greeting.txt').read(), end='')")
    expect(stream_output(cell)).to_have_text(content, timeout=FIRST_RUN_TIMEOUT_MS)
    page_screenshot(page, "editor-08-files-read")


def test_manage_sessions_then_disconnect_and_delete_runtime(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    name = page.get_by_role("textbox", name="Notebook name").input_value()
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.get_by_role("button", name=re.compile(r"^Connected"))).to_be_visible(
        timeout=FIRST_RUN_TIMEOUT_MS
    )

    choose_menu_item(page, "Runtime", "Manage sessions")
    sessions = page.get_by_role("dialog", name="Active sessions")
    row = sessions.get_by_role("row").filter(has_text=name)
    expect(row).to_have_count(1)
    expect(sessions.get_by_role("button", name=f"Terminate {name}")).to_be_visible()
    page_screenshot(page, "editor-10-manage-sessions")
    sessions.get_by_role("button", name="Close").first.click()
    expect(sessions).to_be_hidden()

    choose_menu_item(page, "Runtime", "Disconnect and delete runtime")
    expect(page.get_by_role("button", name="Connect", exact=True)).to_be_visible()
    runtimes = page.request.get("/api/runtimes")
    assert runtimes.ok, runtimes.text()
    assert runtimes.json() == []
