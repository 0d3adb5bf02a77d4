"""Editor flow in Chromium: a hostile HTML output reaches neither the app page nor the session.

The page runs under the app's Content-Security-Policy; the output frame under its own. Any
violation Chromium reports fails the test (see ``watch_csp`` in conftest.py).
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PageFactory,
    PageScreenshot,
    notebook_cells,
    run_code,
    start_guest_notebook,
)

pytestmark = pytest.mark.browser

# Each attempt records what it got (or the name of the error it raised) into the output's own div.
PROBE = """<div id="r">pending</div><script>
var got = {};
try { got.parent = String(parent.document.cookie); } catch (e) { got.parent = e.name; }
try { got.top = String(top.location.href); } catch (e) { got.top = e.name; }
try { got.cookie = String(document.cookie); } catch (e) { got.cookie = e.name; }
try { got.storage = String(localStorage.length); } catch (e) { got.storage = e.name; }
fetch("/api/me", {credentials: "include"})
  .then(function (r) { return r.text().then(function (t) { got.fetch = r.status + " " + t; }); },
        function (e) { got.fetch = e.name; })
  .then(function () { document.getElementById("r").textContent = JSON.stringify(got); });
</script>"""


# Records every securitypolicyviolation event of the page and its frames, in each frame's window.
RECORD_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});"""

POPUP = '<a id="popup" href="/api/status" target="_blank">open</a>'


def test_html_output_cannot_reach_the_page_cookies_or_the_api(
    new_page: PageFactory, page_screenshot: PageScreenshot
) -> None:
    page = new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    start_guest_notebook(page)
    policy = page.request.get(page.url).headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy and "frame-ancestors 'none'" in policy
    session_cookies = [c["value"] for c in page.context.cookies()]
    assert session_cookies, "the guest has a session cookie"
    cell = notebook_cells(page).first
    run_code(
        page,
        cell,
        f"from IPython.display import HTML, display\ndisplay(HTML({json.dumps(PROBE)}))",
    )

    frame = cell.locator("iframe[data-output=html]")
    expect(frame).to_be_visible(timeout=30_000)
    sandbox = (frame.get_attribute("sandbox") or "").split()
    assert "allow-scripts" in sandbox
    assert "allow-same-origin" not in sandbox
    result = frame.content_frame.locator("#r")
    expect(result).not_to_have_text("pending", timeout=10_000)
    got = json.loads(result.inner_text())
    page_screenshot(page, "editor-05-html-sandbox")

    # An opaque origin: the parent's DOM, its location, cookies and storage all throw.
    assert got["parent"] == "SecurityError", got
    assert got["top"] == "SecurityError", got
    assert got["cookie"] == "SecurityError", got
    assert got["storage"] == "SecurityError", got
    # The API answers no one from origin "null": CORS blocks the response (TypeError), or the
    # request went without the session cookie (401).
    assert got["fetch"] == "TypeError" or got["fetch"].startswith("401 "), got
    assert not any(value in result.inner_text() for value in session_cookies)
    assert page.evaluate("window.__cspViolations") == []
    assert frame.content_frame.locator("body").evaluate("() => window.__cspViolations") == []


def test_a_popup_from_an_output_stays_sandboxed(new_page: PageFactory) -> None:
    page = new_page()
    start_guest_notebook(page)
    cell = notebook_cells(page).first
    run_code(page, cell, f"from IPython.display import HTML\nHTML({json.dumps(POPUP)})")
    link = cell.locator("iframe[data-output=html]").content_frame.locator("#popup")
    with page.expect_popup() as opened:
        link.click()
    popup = opened.value
    popup.wait_for_load_state()
    # Without allow-popups-to-escape-sandbox the popup keeps the frame's sandbox: an opaque
    # origin, even on the app's own address.
    assert popup.evaluate("window.origin") == "null"
    assert popup.evaluate(
        "() => { try { return document.cookie; } catch (e) { return e.name; } }"
    ) == ("SecurityError")
    popup.close()
