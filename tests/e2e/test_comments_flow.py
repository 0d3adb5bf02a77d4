"""Comments in Chromium: Alice shares a notebook with anyone who has the link as Commenter;
Carol opens it as a guest, read-only, and comments on a cell; Alice sees the comment arrive
live, resolves it, and Carol sees it resolved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PageFactory, PageScreenshot, notebook_cells, run_code
from tests.e2e.test_sharing_flow import sign_up

pytestmark = pytest.mark.browser


def test_a_guest_comments_and_the_owner_resolves_it_live(
    new_page: PageFactory, module_server_url: str, page_screenshot: PageScreenshot
) -> None:
    alice, carol = new_page(), new_page()
    sign_up(alice, module_server_url, "alice")
    alice.goto("/")
    alice.get_by_role("button", name="New notebook").click()
    expect(notebook_cells(alice)).to_have_count(1)
    run_code(alice, notebook_cells(alice).first, "answer = 6 * 7")
    notebook_url = alice.url
    alice.get_by_role("button", name="Share", exact=True).click()
    dialog = alice.get_by_role("dialog", name='Share "Untitled0.ipynb"')
    dialog.get_by_label("General access").select_option("link")
    dialog.get_by_label("Link role").select_option("commenter")
    expect(dialog.get_by_label("Link role")).to_have_value("commenter")
    dialog.get_by_role("button", name="Done").click()

    carol.goto("/")
    carol.get_by_role("button", name="Continue as guest").click()
    expect(carol.get_by_role("button", name="New notebook")).to_be_visible()
    carol.goto(notebook_url)
    expect(carol.get_by_role("status").filter(has_text="View only")).to_be_visible()
    cell = notebook_cells(carol).first
    cell.click()
    cell.get_by_role("button", name="Add a comment").click()
    carol_panel = carol.get_by_role("complementary", name="Comments")
    expect(carol_panel.get_by_role("heading", name="On Code cell 1")).to_be_visible()
    carol_panel.get_by_role("textbox", name="Comment").fill("Why 6 * 7?")
    carol_panel.get_by_role("button", name="Comment", exact=True).click()
    expect(carol_panel.get_by_role("article", name="Comments on Code cell 1")).to_contain_text(
        "Why 6 * 7?"
    )
    page_screenshot(carol, "comments-guest-commented")

    # Alice never reloads: the comment reaches her open notebook.
    marker = notebook_cells(alice).first.get_by_role("button", name="1 comment")
    expect(marker).to_be_visible(timeout=5_000)
    expect(alice.get_by_role("button", name="Comments (1)")).to_be_visible()
    marker.click()
    thread = alice.get_by_role("complementary", name="Comments").get_by_role(
        "article", name="Comments on Code cell 1"
    )
    expect(thread).to_contain_text("Guest")
    expect(thread).to_contain_text("Why 6 * 7?")
    thread.get_by_role("textbox", name="Reply").fill("Because it is the answer.")
    thread.get_by_role("button", name="Reply").click()
    expect(carol_panel.get_by_text("Because it is the answer.")).to_be_visible(timeout=5_000)
    page_screenshot(alice, "comments-owner-sees-live")
    thread.get_by_role("button", name="Resolve").click()
    expect(marker).to_have_count(0)

    # Carol sees it resolved at once: gone from the open comments, there under "Show resolved".
    expect(carol_panel.get_by_text("No open comments on this cell.")).to_be_visible(timeout=5_000)
    carol_panel.get_by_role("checkbox", name="Show resolved").check()
    expect(carol_panel.get_by_text("Resolved by alice")).to_be_visible()
    page_screenshot(carol, "comments-resolved")
    # Not in the notebook's cells: the download has no trace of the comment.
    download = alice.request.get(f"/api/drive/items/{notebook_url.rsplit('/', 1)[-1]}/content")
    assert "Why 6 * 7?" not in download.text()
