"""Editor flow in Chromium: an ipywidgets slider renders; moving it changes the kernel's value."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    add_code_cell,
    notebook_cells,
    run_code,
    start_guest_notebook,
    stream_output,
)

pytestmark = pytest.mark.browser

SLIDER = """import ipywidgets as widgets
slider = widgets.IntSlider(value=3, min=0, max=10, description='Level')
display(slider)"""


def test_int_slider_moved_with_the_keyboard_updates_the_kernel(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    run_code(page, cell, SLIDER)

    handle = cell.get_by_role("slider")
    expect(handle).to_be_visible(timeout=30_000)
    expect(handle).to_have_attribute("aria-valuetext", "3")
    expect(cell.locator(".widget-label")).to_have_text("Level")
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(handle).to_have_attribute("aria-valuetext", "5")
    expect(cell.locator(".widget-readout")).to_have_text("5")
    page_screenshot(page, "editor-09-widget-slider")

    check = add_code_cell(page)
    run_code(page, check, "print(slider.value)")
    expect(stream_output(check)).to_have_text("5\n", timeout=15_000)
