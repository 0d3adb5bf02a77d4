"""Sharing in Chromium: Alice shares a notebook from Drive's Share dialog with Bob as Editor;
Bob finds it under *Shared with me*, and both type and run cells in it, each seeing the other's
text and outputs, avatars and selected cells; then Alice makes Bob a Viewer and his open
editor turns read-only at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    add_code_cell,
    notebook_cells,
    run_code,
    stream_output,
)

pytestmark = pytest.mark.browser


def sign_up(page: Page, base_url: str, username: str) -> None:
    response = page.request.post(
        "/api/auth/signup",
        data={"username": username, "password": f"{username} has a good password"},
        headers={"Origin": base_url},
    )
    assert response.ok, response.text()


def cell_source(cell: Locator) -> str:
    """The text in a cell's editor, without the carets and names of other people's cursors."""
    text: str = cell.locator(".cm-content").evaluate(
        """(content) => [...content.querySelectorAll(".cm-line")].map((line) => {
            const copy = line.cloneNode(true);
            copy.querySelectorAll(".cm-ySelectionCaret").forEach((w) => w.remove());
            return copy.textContent.replace(/\u2060/g, "");
        }).join("\\n")"""
    )
    return text


def test_alice_shares_with_bob_who_edits_and_runs_beside_her(
    new_page: PageFactory, module_server_url: str, page_screenshot: PageScreenshot
) -> None:
    alice, bob = new_page(), new_page()
    sign_up(alice, module_server_url, "alice")
    sign_up(bob, module_server_url, "bob")

    alice.goto("/")
    alice.get_by_role("button", name="New notebook").click()
    expect(notebook_cells(alice)).to_have_count(1)
    notebook_url = alice.url
    alice.get_by_role("button", name="Share", exact=True).click()
    dialog = alice.get_by_role("dialog", name='Share "Untitled0.ipynb"')
    dialog.get_by_label("Add people by user name").fill("bob")
    dialog.get_by_label("Role for new people").select_option("editor")
    dialog.get_by_role("button", name="Share").click()
    people = dialog.get_by_role("list", name="People with access")
    expect(people.get_by_label("Role of bob")).to_have_value("editor")
    page_screenshot(alice, "share-dialog")
    dialog.get_by_role("button", name="Done").click()

    bob.goto("/")
    bob.get_by_role("link", name="Shared with me").click()
    expect(bob.get_by_role("heading", name="Shared with me")).to_be_visible()
    bob.get_by_role("link", name="Untitled0.ipynb").click()
    expect(notebook_cells(bob)).to_have_count(1)
    assert bob.url == notebook_url
    page_screenshot(bob, "shared-with-me-open")

    run_code(bob, notebook_cells(bob).first, "print('bob was here')")
    expect(stream_output(notebook_cells(alice).first)).to_have_text("bob was here", timeout=60_000)
    expect(notebook_cells(alice).first.locator(".cm-content")).to_contain_text("bob was here")
    # Presence: Alice sees Bob's avatar in the header and his selected cell framed, by the
    # name the server gives him.
    expect(alice.get_by_role("list", name="Also editing").get_by_title("bob")).to_be_visible()
    expect(notebook_cells(alice).first.get_by_label("Also here: bob")).to_be_visible()
    run_code(alice, add_code_cell(alice), "print('alice too')")  # away from Bob's caret
    expect(notebook_cells(bob).nth(1).get_by_label("Also here: alice")).to_be_visible()
    expect(stream_output(notebook_cells(bob).nth(1))).to_have_text("alice too", timeout=60_000)
    page_screenshot(bob, "shared-both-ran")

    # Alice downgrades Bob to Viewer: his open editor turns read-only, without a reload.
    alice.get_by_role("button", name="Share", exact=True).click()
    dialog = alice.get_by_role("dialog", name='Share "Untitled0.ipynb"')
    dialog.get_by_label("Role of bob").select_option("viewer")
    expect(dialog.get_by_label("Role of bob")).to_have_value("viewer")
    dialog.get_by_role("button", name="Done").click()

    expect(bob.get_by_role("status").filter(has_text="View only")).to_be_visible(timeout=5_000)
    bob_cells = notebook_cells(bob)
    expect(bob_cells).to_have_count(2)
    expect(bob.get_by_role("button", name="Run cell")).to_have_count(0)
    expect(bob.get_by_role("button", name="+ Code", exact=True)).to_have_count(0)
    menubar = bob.get_by_role("menubar", name="Notebook menu")
    expect(menubar.get_by_role("menuitem", name="Runtime")).to_have_count(0)
    menubar.get_by_role("menuitem", name="File").click()
    expect(bob.get_by_role("menuitem", name="Save a copy in Drive")).to_be_visible()
    expect(bob.get_by_role("menuitem", name="Rename notebook")).to_have_count(0)
    bob.keyboard.press("Escape")

    editor = bob_cells.first.locator(".cm-content")
    expect(editor).to_have_attribute("aria-readonly", "true")
    editor.click()
    bob.keyboard.press("End")
    bob.keyboard.type(" # bob typed this")
    bob.keyboard.press("Shift+Enter")
    bob.wait_for_timeout(500)  # whatever typing would have done has been done
    assert cell_source(bob_cells.first) == "print('bob was here')"
    expect(notebook_cells(bob)).to_have_count(2)
    page_screenshot(bob, "shared-viewer-read-only")
    # Nothing of it reached the document: the server's copy is as it was, and Alice still edits.
    stored = alice.request.get(f"/api/notebooks/{notebook_url.rsplit('/', 1)[-1]}").json()
    assert [c["source"] for c in stored["cells"]] == ["print('bob was here')", "print('alice too')"]
    run_code(alice, add_code_cell(alice), "print('still mine')")
    expect(stream_output(notebook_cells(bob).nth(2))).to_have_text("still mine", timeout=60_000)
