"""Sharing in Chromium: Alice shares a notebook from Drive's Share dialog with Bob as Editor;
Bob finds it under *Shared with me*, and both type and run cells in it, each seeing the other's
text and outputs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

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
    run_code(alice, add_code_cell(alice), "print('alice too')")  # away from Bob's caret
    expect(stream_output(notebook_cells(bob).nth(1))).to_have_text("alice too", timeout=60_000)
    page_screenshot(bob, "shared-both-ran")
