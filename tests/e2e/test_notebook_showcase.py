"""A notebook as the README shows it: Markdown with math, a Matplotlib plot and a pandas table.

Uploaded, opened, Runtime, Run all; the screenshot it leaves in ``test-results/`` is the
README's ``docs/screenshots/notebook.png``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import RESULTS, PageFactory, choose_menu_item, notebook_cells

pytestmark = pytest.mark.browser

MARKDOWN = (
    "# Damped oscillations\n"
    "A spring with damping follows $x(t) = e^{-\\gamma t}\\cos(\\omega t)$, where\n"
    "$$\\omega = \\sqrt{\\omega_0^2 - \\gamma^2}.$$"
)
PLOT = (
    "import numpy as np, pandas as pd\n"
    "import matplotlib.pyplot as plt\n\n"
    "t = np.linspace(0, 10, 500)\n"
    "plt.figure(figsize=(7, 2.6))\n"
    "for gamma in (0.1, 0.3, 0.6):\n"
    '    plt.plot(t, np.exp(-gamma * t) * np.cos(2 * t), label=f"γ = {gamma}")\n'
    'plt.xlabel("t"); plt.legend(); plt.show()'
)
TABLE = (
    'pd.DataFrame({"γ": [0.1, 0.3, 0.6], '
    '"half-life": np.log(2) / np.array([0.1, 0.3, 0.6])}).round(2)'
)


def showcase() -> bytes:
    def cell(kind: str, source: str) -> dict[str, Any]:
        extra: dict[str, Any] = {"outputs": [], "execution_count": None} if kind == "code" else {}
        return {"cell_type": kind, "source": source, "metadata": {}, **extra}

    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": [cell("markdown", MARKDOWN), cell("code", PLOT), cell("code", TABLE)],
    }
    return json.dumps(notebook).encode()


def test_math_plot_and_table_render_after_run_all(new_page: PageFactory) -> None:
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 1060})
    page.goto("/")
    page.get_by_role("button", name="Continue as guest").click()
    expect(page.get_by_role("button", name="New notebook")).to_be_visible()
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    upload = page.request.post(
        "/api/drive/upload",
        multipart={
            "file": {
                "name": "Damped oscillations.ipynb",
                "mimeType": "application/json",
                "buffer": showcase(),
            }
        },
        headers={"X-XSRFToken": xsrf},
    )
    assert upload.status == 201, upload.text()
    page.goto(f"/notebooks/{upload.json()['id']}")

    cells = notebook_cells(page)
    expect(cells.nth(0).locator(".katex")).to_have_count(2)  # inline and display math
    choose_menu_item(page, "Runtime", "Run all")
    plot = cells.nth(1).locator(".cell-outputs img")
    expect(plot).to_be_visible(timeout=60_000)
    assert plot.evaluate("img => img.naturalWidth") > 300
    table = cells.nth(2).frame_locator("iframe").locator("table")
    expect(table).to_contain_text("half-life", timeout=60_000)
    expect(table.locator("tbody tr")).to_have_count(3)

    page.mouse.click(5, 500)  # no cell selected, no hover toolbar
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "readme-notebook.png"))
