"""ipywidgets on a local runtime, driven from Chromium (shared by the classic and REST tests).

The slider's moves reach the kernel (its observer updates a Label, and the next cell reads
``slider.value``), a Button runs its Python handler, and an Output widget keeps what it captures
out of the cell: all over the page's own link to the local kernel, not the server's relay.
Over jupyter_server, widgets whose state is bytes (Image, FileUpload) travel in binary frames.
"""

from __future__ import annotations

import json
import re
import time

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Screenshot, add_code_cell, notebook_cells, run_code, stream_output
from tests.e2e.test_local_runtime_flow import open_local_dialog

WIDGETS = """import ipywidgets as widgets
slider = widgets.IntSlider(value=3, min=0, max=10, description='Level')
seen = widgets.Label('kernel saw nothing yet')
slider.observe(lambda change: setattr(seen, 'value', f"kernel saw {change['new']}"), names='value')
clicks = []
button = widgets.Button(description='Ping')
button.on_click(lambda b: (clicks.append(b), setattr(seen, 'value', f'clicked {len(clicks)}')))
display(slider, button, seen)"""

OUTPUT_WIDGET = """out = widgets.Output()
display(out)
with out:
    print('inside the widget')
print('in the cell')"""

# A 1x1 PNG: the Image widget's bytes travel to the page as a binary buffer, and the uploaded
# file's bytes back to the kernel.
PNG_BASE64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAE"
    "hQGAhKmMIQAAAABJRU5ErkJggg=="
)
BINARY = f"""import base64
png = base64.b64decode('{PNG_BASE64}')
image = widgets.Image(value=png, format='png', width=40, height=40)
upload = widgets.FileUpload()
got = widgets.Label('nothing uploaded')
def uploaded(change):
    content = bytes(upload.value[0].content)
    got.value = f'got {{len(content)}} bytes: {{content[:5]!r}}'
upload.observe(uploaded, names='value')
display(image, upload, got)"""

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def exercise_widgets(page: Page, notebook_id: str, screenshot: Screenshot, name: str) -> None:
    """Runs the widget cells on the connected local runtime and uses the widgets."""
    cell = notebook_cells(page).first
    run_code(page, cell, WIDGETS)
    handle = cell.get_by_role("slider")
    expect(handle).to_be_visible(timeout=30_000)
    expect(handle).to_have_attribute("aria-valuetext", "3")
    seen = cell.locator(".widget-label").filter(has_text="kernel saw")
    expect(seen).to_have_text("kernel saw nothing yet")

    handle.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(handle).to_have_attribute("aria-valuetext", "5")
    # The kernel's observer ran, and its change of the Label came back to the page.
    expect(cell.get_by_text("kernel saw 5")).to_be_visible(timeout=15_000)

    cell.get_by_role("button", name="Ping").click()
    expect(cell.get_by_text("clicked 1")).to_be_visible(timeout=15_000)
    screenshot(f"{name}-widgets")

    check = add_code_cell(page)
    run_code(page, check, "print(slider.value, len(clicks))")
    expect(stream_output(check)).to_have_text("5 1\n", timeout=30_000)

    captured = add_code_cell(page)
    run_code(page, captured, OUTPUT_WIDGET)
    expect(stream_output(captured).filter(has_text="in the cell")).to_have_count(1, timeout=30_000)
    widget_area = captured.locator("[data-widget-model]")
    expect(widget_area).to_contain_text("inside the widget", timeout=15_000)
    screenshot(f"{name}-output-widget")
    _stored_outputs_hold(page, notebook_id)


def _stored_outputs_hold(page: Page, notebook_id: str) -> None:
    """The stored notebook has the widget views and the cell's print, not the captured print."""
    outputs = ""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        cells = page.request.get(f"/api/notebooks/{notebook_id}").json()["cells"]
        outputs = json.dumps([cell.get("outputs", []) for cell in cells])
        if WIDGET_VIEW_MIME in outputs and "in the cell" in outputs:
            break
        time.sleep(0.3)
    assert WIDGET_VIEW_MIME in outputs, outputs
    assert "in the cell" in outputs, outputs
    assert "inside the widget" not in outputs, outputs


def exercise_binary_widgets(page: Page, screenshot: Screenshot, name: str) -> None:
    """Widgets whose state is bytes: buffers in binary websocket frames, both ways."""
    cell = add_code_cell(page)
    run_code(page, cell, BINARY)
    image = cell.locator("img.widget-image")
    expect(image).to_be_visible(timeout=30_000)
    expect(image).to_have_attribute("src", re.compile("^blob:"))
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1
    with page.expect_file_chooser() as chooser:
        cell.locator(".widget-upload").click()
    chooser.value.set_files(
        {"name": "hello.bin", "mimeType": "application/octet-stream", "buffer": b"hello world"}
    )
    expect(cell.get_by_text("got 11 bytes: b'hello'")).to_be_visible(timeout=15_000)
    screenshot(f"{name}-binary-widgets")


def reconnecting_restores_widgets(page: Page, url: str, screenshot: Screenshot, name: str) -> None:
    """A reloaded page connected again to the same kernel shows its live widgets, as hosted does."""
    page.reload()
    first = notebook_cells(page).first
    handle = first.get_by_role("slider")
    # Before it connects, the page has no kernel with these widgets: the views say so.
    expect(first.get_by_text("its model is gone")).to_have_count(3, timeout=30_000)
    open_local_dialog(page, url)
    expect(page.get_by_role("dialog")).to_be_hidden(timeout=30_000)
    expect(handle).to_be_visible(timeout=30_000)
    expect(handle).to_have_attribute("aria-valuetext", "5")
    expect(first.get_by_text("clicked 1")).to_be_visible()
    expect(first.get_by_text("its model is gone")).to_have_count(0)
    screenshot(f"{name}-widgets-restored")
