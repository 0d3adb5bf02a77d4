"""The Colab done-when test (#11): a notebook written as on Colab, covering every google.colab
call (tests/e2e/data/colab_everything.ipynb), runs unmodified on a fresh runtime, driven from
Chromium where the browser takes part: the secret grant (and a denial), the file picker, the
download, eval_js, a callback from output JavaScript, the interactive table; Drive mounted,
read (a file uploaded to Drive beforehand) and written (out.csv shows in the Drive listing);
runtime.unassign() leaves the editor disconnected.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright._impl._api_structures import FilePayload
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    notebook_cells,
)

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).parent / "data" / "colab_everything.ipynb"
WAIT_MS = 90_000
SECRET = "sk-test-0123456789abcdef"
CELLS = [c["id"] for c in json.loads(NOTEBOOK.read_text())["cells"]]


def api(page: Page, method: str, url: str, **kwargs: object) -> dict[str, object]:
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    response = page.request.fetch(url, method=method, headers={"X-XSRFToken": xsrf}, **kwargs)  # type: ignore[arg-type]
    assert response.ok, f"{method} {url}: {response.status} {response.text()}"
    return dict(response.json()) if response.text() else {}


def upload_to_drive(page: Page, name: str, content: bytes, mime: str) -> str:
    item = api(
        page,
        "POST",
        "/api/drive/upload",
        multipart={"file": {"name": name, "mimeType": mime, "buffer": content}},
    )
    return str(item["id"])


def outputs(page: Page, cell_id: str) -> Locator:
    return notebook_cells(page).nth(CELLS.index(cell_id)).locator(".cell-outputs")


def frame_of(page: Page, cell_id: str) -> Locator:
    return outputs(page, cell_id).locator("iframe.output-html")


def test_a_colab_notebook_runs_unmodified(
    new_page: PageFactory, page_screenshot: PageScreenshot, tmp_path: Path
) -> None:
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto("/")
    page.get_by_role("button", name="Continue as guest").click()
    expect(page.get_by_role("button", name="New notebook")).to_be_visible()
    api(page, "PUT", "/api/secrets/API_KEY", data={"value": SECRET})
    api(page, "PUT", "/api/secrets/PRIVATE_KEY", data={"value": "not for this notebook"})
    upload_to_drive(page, "from_the_ui.txt", b"from the UI\n", "text/plain")
    notebook_id = upload_to_drive(
        page, "colab_everything.ipynb", NOTEBOOK.read_bytes(), "application/json"
    )
    page.goto(f"/notebooks/{notebook_id}")
    cells = notebook_cells(page)
    expect(cells).to_have_count(len(CELLS))

    # everything but the last cell (runtime.unassign): Run before, from the keyboard (the menu
    # item's enabled state is not refreshed when a click makes a cell active)
    last = cells.nth(CELLS.index("unassign"))
    last.scroll_into_view_if_needed()
    last.locator(".cm-content").click()
    expect(last).to_have_class(re.compile(r"\bactive\b"))
    page.keyboard.press("Control+F8")  # Runtime > Run before
    expect(outputs(page, "imports")).to_contain_text("google.colab imported", timeout=WAIT_MS)
    expect(outputs(page, "form")).to_contain_text("form Ada 3 True blue")

    secrets = cells.nth(CELLS.index("secrets"))
    grant = secrets.get_by_role("alertdialog", name="Grant access?")
    expect(grant).to_contain_text("API_KEY", timeout=WAIT_MS)
    grant.get_by_role("button", name="Grant access").click()
    expect(grant).to_contain_text("PRIVATE_KEY", timeout=WAIT_MS)
    grant.get_by_role("button", name="Deny").click()
    expect(outputs(page, "secrets")).to_contain_text(f"secret length {len(SECRET)}")
    expect(outputs(page, "secrets")).to_contain_text(
        "denied: Notebook does not have access to secret PRIVATE_KEY", timeout=WAIT_MS
    )
    expect(outputs(page, "secrets")).to_contain_text("unknown: Secret NO_SUCH_KEY does not exist.")

    picker = outputs(page, "upload").get_by_label("Choose files to upload")
    expect(picker).to_be_visible(timeout=WAIT_MS)
    chosen: list[FilePayload] = [
        {"name": "hello.txt", "mimeType": "text/plain", "buffer": b"hello, runtime"},
    ]
    with page.expect_download(timeout=WAIT_MS) as downloaded:
        picker.set_input_files(chosen)
    expect(outputs(page, "upload")).to_contain_text("uploaded hello.txt 14")
    saved = tmp_path / "result.txt"
    downloaded.value.save_as(saved)
    assert downloaded.value.suggested_filename == "result.txt"
    assert saved.read_text() == "computed on the runtime\n"
    expect(outputs(page, "download")).to_contain_text("download: Cannot find file: missing.txt")
    expect(outputs(page, "eval_js")).to_contain_text("eval_js 42", timeout=WAIT_MS)

    greet = frame_of(page, "callback").content_frame
    greet.get_by_role("button", name="Greet").click()
    expect(greet.locator("#greeting")).to_have_text("Hello, Ada?", timeout=WAIT_MS)
    expect(outputs(page, "callback")).to_contain_text("called with Ada")
    outputs(page, "callback").scroll_into_view_if_needed()
    page_screenshot(page, "colab-everything-00-callback")

    table = frame_of(page, "table").content_frame
    expect(table.locator("tbody tr")).to_have_count(25, timeout=WAIT_MS)
    expect(table.locator(".dt-info")).to_have_text("Showing 1 to 25 of 30 entries")
    heading = table.locator("th", has_text="n").filter(has_not_text="index").first
    # dispatched, not clicked at a position: editors mounting as the page scrolls shift the layout
    heading.dispatch_event("click")
    heading.dispatch_event("click")  # descending
    expect(heading).to_have_attribute("aria-sort", "descending")
    expect(table.locator("tbody tr").first.locator("td").nth(1)).to_have_text("29")
    table.get_by_role("button", name="Next").dispatch_event("click")
    expect(table.locator(".dt-info")).to_have_text("Showing 26 to 30 of 30 entries")
    table.get_by_label("Filter rows").fill("841")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator(".dt-info")).to_contain_text("of 1 entries (filtered from 30)")

    areas = outputs(page, "areas")
    expect(areas).to_contain_text("tagged", timeout=WAIT_MS)
    expect(areas).to_contain_text("redirected")
    expect(areas).to_contain_text("default area")
    expect(areas).to_contain_text("serve_kernel_port_as_iframe(8000) is not available")
    expect(areas).not_to_contain_text("cleared soon")
    expect(outputs(page, "auth")).to_contain_text("auth: AuthorizationError True", timeout=WAIT_MS)
    expect(outputs(page, "auth")).to_contain_text("sheets: AuthorizationError")
    expect(outputs(page, "auth")).to_contain_text("ai: RuntimeManagementError")
    expect(outputs(page, "auth")).to_contain_text("snippets: MessageError")

    drive = outputs(page, "drive")
    expect(drive).to_contain_text("Mounted at /content/drive", timeout=WAIT_MS)
    expect(drive).to_contain_text("from the UI")
    expect(drive).to_contain_text("All changes made in this colab session should now be visible")
    expect(drive).to_contain_text("mount: Mountpoint must be in /content, not /etc/drive")
    page_screenshot(page, "colab-everything-01-ran")
    listing = page.request.get("/api/drive/items").json()
    written = next(item for item in listing if item["name"] == "out.csv")
    content = page.request.get(f"/api/drive/items/{written['id']}/content").text()
    assert content == "n,square\n3,9\n"

    last.scroll_into_view_if_needed()
    last.locator(".cm-content").click()
    page.keyboard.press("Control+Enter")
    expect(outputs(page, "unassign")).to_contain_text("unassigned", timeout=WAIT_MS)
    expect(page.locator(".connect-button.idle")).to_be_visible(timeout=WAIT_MS)
    assert page.request.get("/api/runtimes").json() == []
    page_screenshot(page, "colab-everything-02-unassigned")
