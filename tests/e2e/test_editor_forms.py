"""Colab forms in Chromium: a field rewrites its line of the source; a run-auto form runs again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    choose_menu_item,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
)

pytestmark = pytest.mark.browser

FIRST_RUN_TIMEOUT_MS = 30_000
FORM = (
    '# @title Pick a speed { run: "auto" }\n'
    "# @markdown Change a field: the cell runs again.\n"
    'speed = 3  # @param {type:"slider", min:0, max:10, step:1}\n'
    'fruit = "apple"  # @param ["apple", "banana", "cherry"]\n'
    'print(f"speed={speed} fruit={fruit}")'
)


def test_slider_and_dropdown_rewrite_the_source_and_run_the_cell(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    run_code(page, cell, FORM)
    expect(stream_output(cell)).to_have_text("speed=3 fruit=apple\n", timeout=FIRST_RUN_TIMEOUT_MS)

    form = cell.get_by_role("group", name="Form: Pick a speed")
    expect(form).to_contain_text("Change a field: the cell runs again.")
    form.get_by_label("speed", exact=True).fill("7")
    source = cell.locator(".cm-content")
    expect(source).to_contain_text('speed = 7  # @param {type:"slider", min:0, max:10, step:1}')
    expect(stream_output(cell)).to_have_text("speed=7 fruit=apple\n", timeout=FIRST_RUN_TIMEOUT_MS)

    form.get_by_label("fruit", exact=True).select_option("banana")
    expect(source).to_contain_text('fruit = "banana"  # @param ["apple", "banana", "cherry"]')
    expect(stream_output(cell)).to_have_text("speed=7 fruit=banana\n", timeout=FIRST_RUN_TIMEOUT_MS)
    expect(cell).to_contain_text(re.compile(r"\[3\]"))

    # Insert > Add a form field adds a typed line to the selected cell, and its field appears.
    choose_menu_item(page, "Insert", "Add a form field")
    dialog = page.get_by_role("dialog", name="Add new form field")
    dialog.get_by_label("Variable type").select_option("integer")
    dialog.get_by_label("Variable name").fill("count")
    dialog.get_by_role("button", name="Save").click()
    expect(source).to_contain_text('count = 0  # @param {type:"integer"}')
    expect(form.get_by_label("count", exact=True)).to_have_value("0")
    page_screenshot(page, "forms-01-slider-dropdown")
