"""Runtime > Schedule in Chromium: schedule the notebook, its run fires with nobody running the
cell, the output appears in the open editor and the run shows in the history as Succeeded."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    choose_menu_item,
    notebook_cells,
    start_guest_notebook,
    stream_output,
    type_code,
)

pytestmark = pytest.mark.browser
SLOW = 30_000  # ms: answers on a machine shared by many test runs

SERVER_ENV = {
    "COLLABORATORY_SCHEDULER__TICK_SECONDS": "0.2",
    "COLLABORATORY_SCHEDULER__MIN_INTERVAL_SECONDS": "1",
}


def test_a_scheduled_run_fills_the_notebook_and_shows_in_the_history(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    type_code(page, cell, "print('scheduled', 6*7)")

    choose_menu_item(page, "Runtime", "Schedule")
    dialog = page.get_by_role("dialog", name="Schedule")
    dialog.get_by_label("Repeat").select_option("cron")
    dialog.get_by_label("Cron expression").fill("61 * * * *")
    dialog.get_by_role("button", name="Create schedule").click()
    expect(dialog.get_by_role("alert")).to_contain_text("is not a cron line", timeout=SLOW)

    dialog.get_by_label("Cron expression").fill("* * * * * */2")  # every 2 s (test settings)
    dialog.get_by_role("button", name="Create schedule").click()
    expect(dialog.get_by_role("status")).to_contain_text("Saved.", timeout=SLOW)
    history = dialog.get_by_role("region", name="Run history")
    expect(history.get_by_text("Succeeded").first).to_be_visible(timeout=240_000)
    expect(stream_output(cell)).to_have_text("scheduled 42", timeout=SLOW)
    page_screenshot(page, "schedule-dialog-history")

    dialog.get_by_role("button", name="Delete schedule").click()
    expect(dialog.get_by_role("status")).to_have_text("The schedule was deleted.", timeout=SLOW)
