"""google.colab's output.eval_js in Chromium: the script runs in a sandboxed output frame (not
the app's origin) and its value, or its error, comes back to the cell."""

from __future__ import annotations

import pytest
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


def test_eval_js_returns_the_value_from_a_sandboxed_frame(new_page: PageFactory) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    run_code(
        page,
        cell,
        "from google.colab import output\n"
        "print(output.eval_js('1 + 2'))\n"
        "print(output.eval_js('new Promise(r => setTimeout(() => r({a: [1, \"x\"]}), 50))'))\n"
        "print(output.eval_js('String(window.origin)'))\n"
        "print(output.eval_js('(() => { try { return String(parent.document.cookie); }"
        ' catch (e) { return "blocked"; } })()\'))',
    )
    # each print follows an eval_js output (an invisible frame), so each is its own block
    expect(stream_output(cell)).to_have_text(
        ["3\n", "{'a': [1, 'x']}\n", "null\n", "blocked\n"], timeout=FIRST_RUN_TIMEOUT_MS
    )

    run_code(page, cell, "from google.colab import output\noutput.eval_js('nope.boom')")
    expect(error_output(cell)).to_contain_text("MessageError")
    expect(error_output(cell)).to_contain_text("nope is not defined")
