"""google.colab's files in Chromium: files.download(path) from a cell is a browser download;
files.view(path) opens the file viewer or the Files panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright._impl._api_structures import FilePayload
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PageFactory,
    error_output,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
)

pytestmark = pytest.mark.browser

FIRST_RUN_TIMEOUT_MS = 60_000
CONTENT = "id,value\n" + "".join(f"{i},{i * i}\n" for i in range(2000))


def test_files_download_is_a_browser_download(new_page: PageFactory, tmp_path: Path) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    code = (
        "from google.colab import files\n"
        "rows = ''.join(f'{i},{i * i}\\n' for i in range(2000))\n"
        "open('out.csv', 'w').write('id,value\\n' + rows)\n"
        "files.download('out.csv')"
    )
    with page.expect_download(timeout=FIRST_RUN_TIMEOUT_MS) as info:
        run_code(page, cell, code)
    download = info.value
    assert download.suggested_filename == "out.csv"
    saved = tmp_path / "out.csv"
    download.save_as(saved)
    assert saved.read_text() == CONTENT
    link = cell.locator("[data-output=download]")
    expect(link).to_contain_text("out.csv")

    # a missing file: Colab's FileNotFoundError, and no download
    run_code(page, cell, "from google.colab import files\nfiles.download('missing.txt')")
    expect(error_output(cell)).to_contain_text("FileNotFoundError: Cannot find file: missing.txt")


def test_files_upload_returns_the_chosen_files(new_page: PageFactory) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    run_code(
        page,
        cell,
        "from google.colab import files\n"
        "uploaded = files.upload()\n"
        "print(sorted((name, len(data)) for name, data in uploaded.items()))\n"
        "print(open('hello.txt').read())",
    )
    picker = cell.get_by_label("Choose files to upload")
    expect(picker).to_be_visible(timeout=FIRST_RUN_TIMEOUT_MS)
    chosen: list[FilePayload] = [
        {"name": "hello.txt", "mimeType": "text/plain", "buffer": b"hello, runtime"},
        {"name": "data.bin", "mimeType": "application/octet-stream", "buffer": bytes(5000)},
    ]
    picker.set_input_files(chosen)
    expect(stream_output(cell)).to_contain_text(
        "[('data.bin', 5000), ('hello.txt', 14)]", timeout=FIRST_RUN_TIMEOUT_MS
    )
    expect(stream_output(cell)).to_contain_text("Saving hello.txt to")
    expect(stream_output(cell)).to_contain_text("hello, runtime")
    expect(cell.locator("[data-output=upload]")).to_contain_text("Uploaded hello.txt, data.bin")


def test_files_upload_file_saves_one_file_under_the_name_given(new_page: PageFactory) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    code = "from google.colab import files\nfiles.upload_file('renamed.txt')\n"
    run_code(page, cell, code + "print(open('renamed.txt').read())")
    picker = cell.get_by_label("Choose a file to upload")
    expect(picker).to_be_visible(timeout=FIRST_RUN_TIMEOUT_MS)
    assert picker.get_attribute("multiple") is None
    picker.set_input_files([{"name": "hello.txt", "mimeType": "text/plain", "buffer": b"hi"}])
    expect(stream_output(cell)).to_contain_text("Saved hello.txt to /content/renamed.txt")
    expect(stream_output(cell)).to_contain_text("hi")

    # cancelled: Colab's ValueError, and the staging folder is gone
    run_code(page, cell, code)
    cell.get_by_role("button", name="Cancel upload").click()
    expect(error_output(cell)).to_contain_text("ValueError: File has not been uploaded")
    run_code(page, cell, "import os\nprint(os.listdir('/content/.colab_uploads'))")
    expect(stream_output(cell)).to_contain_text("[]")


def test_files_view_shows_a_file_and_opens_a_folder(new_page: PageFactory, tmp_path: Path) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    code = (
        "import os\n"
        "from google.colab import files\n"
        "os.makedirs('reports', exist_ok=True)\n"
        "open('reports/notes.txt', 'w').write('first line\\n<b>not bold</b>\\n')\n"
        "files.view('reports/notes.txt')"
    )
    run_code(page, cell, code)
    viewer = page.get_by_role("dialog", name="notes.txt")
    expect(viewer).to_be_visible(timeout=FIRST_RUN_TIMEOUT_MS)
    expect(viewer.locator("pre")).to_have_text("first line\n<b>not bold</b>\n")
    expect(viewer).to_contain_text("/content/reports/notes.txt")
    page.screenshot(path=str(tmp_path / "file-viewer.png"))
    viewer.get_by_role("button", name="Close").click()
    expect(viewer).to_be_hidden()
    # the output keeps a button that opens it again
    cell.get_by_role("button", name="Open notes.txt in the file viewer").click()
    expect(viewer.locator("pre")).to_contain_text("first line")
    viewer.get_by_role("button", name="Close").click()

    # a folder opens in the Files panel, where a click on a file opens the viewer
    run_code(page, cell, "from google.colab import files\nfiles.view('reports')")
    panel = page.get_by_role("complementary", name="Files")
    expect(panel.get_by_role("navigation", name="Folder path")).to_contain_text(
        "reports", timeout=FIRST_RUN_TIMEOUT_MS
    )
    panel.get_by_role("button", name="notes.txt").click()
    expect(viewer.locator("pre")).to_contain_text("first line")
    viewer.get_by_role("button", name="Close").click()

    # an image (SVG only ever as an <img>, from a blob URL)
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' width='120' height='80'>"
        "<rect width='120' height='80' fill='teal'/></svg>"
    )
    write = f"open('box.svg', 'w').write({svg!r})"
    run_code(page, cell, f"from google.colab import files\n{write}\nfiles.view('box.svg')")
    image = page.get_by_role("dialog", name="box.svg").get_by_role("img", name="box.svg")
    expect(image).to_be_visible(timeout=FIRST_RUN_TIMEOUT_MS)
    assert (image.get_attribute("src") or "").startswith("blob:")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 120", arg=image.element_handle()
    )
    page.screenshot(path=str(tmp_path / "image-viewer.png"))
    page.keyboard.press("Escape")

    # a missing file: Colab's FileNotFoundError
    run_code(page, cell, "from google.colab import files\nfiles.view('missing.txt')")
    expect(error_output(cell)).to_contain_text("FileNotFoundError: Cannot find file: missing.txt")
