"""Editor flow in Chromium: two browsers edit one cell and see each other's text and cursor."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import APIRequestContext, Locator, Page, expect

from tests.e2e.conftest import PageFactory, PageScreenshot, notebook_cells

pytestmark = pytest.mark.browser

USERNAME = "grace"
PASSWORD = "correct horse battery"


def sign_in(page: Page, base_url: str, *, new_account: bool) -> None:
    """Signs the page's browser context in through the API (its cookies are the context's)."""
    action = "signup" if new_account else "login"
    response = page.request.post(
        f"/api/auth/{action}",
        data={"username": USERNAME, "password": PASSWORD},
        headers={"Origin": base_url},
    )
    assert response.ok, response.text()


def create_notebook(request: APIRequestContext, base_url: str, xsrf: str) -> str:
    response = request.post(
        "/api/drive/items",
        data={"kind": "notebook", "name": "Together.ipynb"},
        headers={"Origin": base_url, "X-XSRFToken": xsrf},
    )
    assert response.ok, response.text()
    notebook_id: str = response.json()["id"]
    return notebook_id


def xsrf_token(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")


# The first cell's source as its editor shows it, without the remote carets' name labels.
SOURCE_SHOWN = r"""() => {
    const editor = document.querySelector("[data-testid=cell] .cm-content");
    if (!editor) return null;
    return Array.from(editor.querySelectorAll(".cm-line"), (line) => {
        const copy = line.cloneNode(true);
        copy.querySelectorAll(".cm-ySelectionCaret").forEach((caret) => caret.remove());
        return copy.textContent.replace(/\u2060/g, "");
    }).join("\n");
}"""


def editor_of(page: Page) -> Locator:
    return notebook_cells(page).first.locator(".cm-content")


def expect_source(page: Page, source: str) -> None:
    """Waits until the first cell's editor shows exactly ``source``."""
    page.wait_for_function(f"({SOURCE_SHOWN})() === {json.dumps(source)}", timeout=5_000)


def test_two_browsers_co_edit_a_cell_and_see_each_others_cursor(
    new_page: PageFactory, module_server_url: str, page_screenshot: PageScreenshot
) -> None:
    # The product has no sharing yet: one account, signed in from two browser contexts.
    first, second = new_page(), new_page()
    sign_in(first, module_server_url, new_account=True)
    sign_in(second, module_server_url, new_account=False)
    notebook_id = create_notebook(first.request, module_server_url, xsrf_token(first))
    for page in (first, second):
        page.goto(f"/notebooks/{notebook_id}")
        expect(page.get_by_role("textbox", name="Notebook name")).to_have_value("Together.ipynb")
        expect(notebook_cells(page)).to_have_count(1)
        expect(editor_of(page)).to_be_visible()

    editor_of(first).click()
    first.keyboard.type("left = 1")
    expect_source(second, "left = 1")

    editor_of(second).click()
    second.keyboard.press("ControlOrMeta+End")
    second.keyboard.type("\nright = 2")
    expect_source(first, "left = 1\nright = 2")
    expect_source(second, "left = 1\nright = 2")

    # Each editor draws the other's caret, labelled with the other's name (the same account here).
    for page in (first, second):
        caret = notebook_cells(page).first.locator(".cm-ySelectionCaret")
        expect(caret).to_have_count(1)
        expect(caret).to_contain_text(USERNAME)
    page_screenshot(first, "editor-02-coedit-first")
    page_screenshot(second, "editor-02-coedit-second")
