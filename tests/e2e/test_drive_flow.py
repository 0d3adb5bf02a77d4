"""End to end in Chromium: guest sign-in, drag-and-drop upload, open a notebook, rename, move."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import JSHandle, Locator, Page, expect

from tests.e2e.conftest import UPLOAD_CHUNK_BYTES, Screenshot

pytestmark = pytest.mark.browser

NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    },
    "cells": [
        {
            "cell_type": "markdown",
            "id": "md1",
            "metadata": {},
            "source": ["# Hello from a test\n", "Some **bold** text."],
        },
        {
            "cell_type": "code",
            "id": "code1",
            "metadata": {},
            "execution_count": 3,
            "source": ["print(6 * 7)"],
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["42\n"]}],
        },
        {
            "cell_type": "code",
            "id": "code2",
            "metadata": {},
            "execution_count": 4,
            "source": ["display(HTML('<b>rich</b>'))\n", "1 / 0"],
            "outputs": [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"text/html": ["<b id='rich'>rich</b>"], "text/plain": ["<HTML>"]},
                },
                {
                    "output_type": "error",
                    "ename": "ZeroDivisionError",
                    "evalue": "division by zero",
                    "traceback": ["\u001b[0;31mZeroDivisionError\u001b[0m: division by zero"],
                },
            ],
        },
    ],
}


def continue_as_guest(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Continue as guest").click()
    expect(page.get_by_role("button", name="New notebook")).to_be_visible()


def drop_files(
    page: Page,
    target: Locator,
    files: list[tuple[str, str]],
    while_dragging: Callable[[], object] | None = None,
) -> None:
    """Dispatches dragenter/dragover/drop with a DataTransfer holding (name, text) files."""
    data_transfer: JSHandle = page.evaluate_handle(
        """(files) => {
            const dt = new DataTransfer();
            for (const [name, text] of files) dt.items.add(new File([text], name));
            return dt;
        }""",
        files,
    )
    target.dispatch_event("dragenter", {"dataTransfer": data_transfer})
    target.dispatch_event("dragover", {"dataTransfer": data_transfer})
    expect(target).to_have_class(re.compile(r"\bdrop-active\b"))
    if while_dragging is not None:
        while_dragging()
    target.dispatch_event("drop", {"dataTransfer": data_transfer})
    expect(target).not_to_have_class(re.compile(r"\bdrop-active\b"))


def test_guest_uploads_a_notebook_by_drag_and_drop_and_opens_it(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    screenshot("01-sign-in")
    continue_as_guest(page)
    expect(page.get_by_role("button", name="Account: Guest")).to_be_visible()

    drop_zone = page.get_by_test_id("drive-drop-zone")
    drop_files(
        page,
        drop_zone,
        [("hello.ipynb", json.dumps(NOTEBOOK))],
        while_dragging=lambda: screenshot("02a-drop-zone-highlighted"),
    )

    row = page.get_by_role("row", name="hello.ipynb")
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-origin", "uploaded")
    expect(row.get_by_role("img", name="Uploaded notebook")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Upload of hello.ipynb")).to_have_attribute(
        "aria-valuenow", "100"
    )
    screenshot("02-drive-after-upload")

    row.dblclick()
    expect(page).to_have_url(re.compile(r"/notebooks/[^/]+$"))
    expect(page.get_by_role("textbox", name="Notebook name")).to_have_value("hello.ipynb")
    cells = page.get_by_test_id("cell")
    expect(cells).to_have_count(3)
    expect(cells.nth(0)).to_have_attribute("data-cell-type", "markdown")
    expect(cells.nth(0).get_by_role("heading", name="Hello from a test")).to_be_visible()
    expect(cells.nth(1)).to_have_attribute("data-cell-type", "code")
    expect(cells.nth(1)).to_contain_text("print(6 * 7)")
    expect(cells.nth(1)).to_contain_text("[3]")
    expect(cells.nth(1).locator("[data-output=stream]")).to_have_text("42\n")
    frame = cells.nth(2).locator("iframe")
    sandbox = frame.get_attribute("sandbox")
    assert sandbox is not None
    assert "allow-same-origin" not in sandbox
    expect(frame.content_frame.locator("#rich")).to_have_text("rich")
    expect(cells.nth(2).locator("[data-output=error]")).to_have_text(
        "ZeroDivisionError: division by zero"
    )
    screenshot("03-notebook-view")

    # A reload of the notebook URL is served the app by the server (History API routing).
    page.reload()
    expect(page.get_by_test_id("cell")).to_have_count(3)


def test_invalid_notebook_upload_shows_the_server_message(page: Page) -> None:
    continue_as_guest(page)
    drop_files(page, page.get_by_test_id("drive-drop-zone"), [("broken.ipynb", "{not json")])
    failed = page.locator(".upload-task[data-state=error]")
    expect(failed).to_be_visible()
    expect(failed.get_by_role("alert")).not_to_be_empty()
    expect(page.get_by_role("row", name="broken.ipynb")).to_have_count(0)


def test_large_file_goes_up_in_chunks(page: Page, screenshot: Screenshot) -> None:
    continue_as_guest(page)
    size = UPLOAD_CHUNK_BYTES * 2 + 1234
    drop_files(page, page.get_by_test_id("drive-drop-zone"), [("big.txt", "x" * size)])
    row = page.get_by_role("row", name="big.txt")
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-kind", "file")
    expect(row.get_by_role("img", name="File")).to_be_visible()
    expect(page.locator(".upload-task[data-state=done]")).to_have_count(1)
    screenshot("04-chunked-upload")


def test_new_notebook_then_rename_move_and_trash(page: Page, screenshot: Screenshot) -> None:
    continue_as_guest(page)
    page.get_by_role("button", name="New notebook").click()
    expect(page).to_have_url(re.compile(r"/notebooks/[^/]+$"))
    title = page.get_by_role("textbox", name="Notebook name")
    expect(title).to_have_value(re.compile(r"^Untitled.*\.ipynb$"))
    created_name = title.input_value()

    page.get_by_role("link", name="Back to Drive").click()
    row = page.get_by_role("row", name=created_name)
    expect(row).to_have_attribute("data-origin", "created")
    expect(row.get_by_role("img", name="Notebook")).to_be_visible()

    row.get_by_role("button", name="Rename").click()
    dialog = page.get_by_role("dialog", name="Rename")
    dialog.get_by_label("New name").fill("Analysis.ipynb")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_have_count(0)
    renamed = page.get_by_role("row", name="Analysis.ipynb")
    expect(renamed).to_be_visible()
    expect(page.get_by_role("row", name=created_name)).to_have_count(0)

    # A second notebook cannot take the same name: the server's message shows in the dialog.
    page.get_by_role("button", name="New folder").click()
    folder_dialog = page.get_by_role("dialog", name="New folder")
    folder_dialog.get_by_label("Folder name").fill("Projects")
    folder_dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("row", name="Projects")).to_be_visible()
    renamed.get_by_role("button", name="Rename").click()
    clash = page.get_by_role("dialog", name="Rename")
    clash.get_by_label("New name").fill("Projects")
    clash.get_by_role("button", name="OK").click()
    expect(clash.get_by_role("alert")).not_to_be_empty()
    clash.get_by_role("button", name="Cancel").click()
    screenshot("05-renamed")

    renamed.get_by_role("button", name="Move").click()
    move = page.get_by_role("dialog", name='Move "Analysis.ipynb"')
    move.get_by_role("button", name="Projects").click()
    move.get_by_role("button", name="Move here").click()
    expect(page.get_by_role("row", name="Analysis.ipynb")).to_have_count(0)
    page.get_by_role("row", name="Projects").dblclick()
    expect(page.get_by_role("navigation", name="Breadcrumbs")).to_contain_text("Projects")
    moved = page.get_by_role("row", name="Analysis.ipynb")
    expect(moved).to_be_visible()

    moved.get_by_role("button", name="Delete").click()
    expect(moved).to_have_count(0)
    page.get_by_role("link", name="Trash").click()
    trashed = page.get_by_role("row", name="Analysis.ipynb")
    expect(trashed).to_be_visible()
    screenshot("06-trash")
    trashed.get_by_role("button", name="Restore").click()
    expect(trashed).to_have_count(0)
    page.get_by_role("link", name="My Drive").click()
    page.get_by_role("row", name="Projects").dblclick()
    expect(page.get_by_role("row", name="Analysis.ipynb")).to_be_visible()


def test_guest_signs_up_keeps_notebooks_and_signs_back_in(page: Page) -> None:
    continue_as_guest(page)
    drop_files(page, page.get_by_test_id("drive-drop-zone"), [("keep.ipynb", json.dumps(NOTEBOOK))])
    expect(page.get_by_role("row", name="keep.ipynb")).to_be_visible()

    page.get_by_role("button", name="Sign up").click()
    signup = page.get_by_role("dialog", name="Create an account")
    signup.get_by_label("Username").fill("ada")
    signup.get_by_label("Password").fill("correct horse battery")
    signup.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Account: ada")).to_be_visible()
    expect(page.get_by_role("button", name="Sign up")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("row", name="keep.ipynb")).to_be_visible()

    page.get_by_role("button", name="Account: ada").click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).not_to_be_empty()
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("row", name="keep.ipynb")).to_be_visible()
