"""Secrets in Chromium: add one in the Secrets panel, read it in a cell, grant Notebook access."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
)

pytestmark = pytest.mark.browser

FIRST_RUN_TIMEOUT_MS = 30_000
VALUE = "sk-test-0123456789abcdef"


def test_add_a_secret_run_userdata_get_and_grant(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    page.get_by_role("button", name="Secrets").click()
    panel = page.get_by_role("region", name="Secrets").or_(page.locator("section.secrets-panel"))
    panel.get_by_role("button", name="+ Add new secret").click()
    panel.get_by_label("Name", exact=True).fill("API_KEY")
    panel.get_by_label("Value", exact=True).fill(VALUE)
    panel.get_by_role("button", name="Add", exact=True).click()
    toggle = panel.get_by_role("switch", name="Notebook access for API_KEY")
    expect(toggle).to_have_attribute("aria-checked", "false")

    cell = notebook_cells(page).first
    run_code(
        page,
        cell,
        "from google.colab import userdata\nkey = userdata.get('API_KEY')\nprint(len(key))",
    )
    prompt = cell.get_by_role("alertdialog", name="Grant access?")
    expect(prompt).to_contain_text("API_KEY", timeout=FIRST_RUN_TIMEOUT_MS)
    page_screenshot(page, "secrets-01-grant-prompt")
    prompt.get_by_role("button", name="Grant access").click()
    expect(stream_output(cell)).to_have_text(f"{len(VALUE)}\n", timeout=FIRST_RUN_TIMEOUT_MS)
    expect(prompt).to_have_count(0)
    expect(toggle).to_have_attribute("aria-checked", "true")
    assert VALUE not in page.content()
    page_screenshot(page, "secrets-02-granted")
