"""Browser tests: a real ``collaboratory serve`` process and the system Chromium (no downloads)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / ".venv" / "bin" / "collaboratory"
STATIC_INDEX = ROOT / "src" / "collaboratory" / "server" / "static" / "index.html"
RESULTS = ROOT / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
Screenshot = Callable[[str], Path]
# Small chunks so that the chunked-upload path is exercised with a modest file.
UPLOAD_CHUNK_BYTES = 64 * 1024


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer /api/status within {timeout}s:\n{log.read_text()}")


@contextmanager
def running_server(data_dir: Path, log: Path, extra_env: Mapping[str, str]) -> Iterator[str]:
    """``collaboratory serve`` on a free port with ``extra_env`` added to its environment.

    The flows start runtimes as they need them (no warm pool); none outlives the server.
    """
    if not STATIC_INDEX.exists():
        pytest.fail("the front end is not built: run `cd frontend && npm run build` first")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "COLLABORATORY_RUNTIMES__WARM_POOL_ENABLED": "false",
        "COLLABORATORY_RUNTIMES__SURVIVE_RESTART": "false",
        **extra_env,
    }
    args = [str(SERVER), "serve", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--data-dir", str(data_dir)]
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent, env=env)
    try:
        _wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[str]:
    """Starts ``collaboratory serve`` on a free port with a fresh data directory."""
    extra_env = {"COLLABORATORY_DRIVE__UPLOAD_CHUNK_BYTES": str(UPLOAD_CHUNK_BYTES)}
    with running_server(tmp_path / "data", tmp_path / "server.log", extra_env) as url:
        yield url


@pytest.fixture(scope="module")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: `make test` installs it")
    browser = playwright_instance.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def watch_csp(page: Page, errors: list[str]) -> None:
    """Counts Content-Security-Policy violations (Chromium logs them) as errors."""
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    watch_csp(page, errors)
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


@pytest.fixture
def screenshot(page: Page, tmp_path: Path) -> Iterator[Screenshot]:
    """``screenshot(name)`` saves a PNG to the test's tmp dir and to ``test-results/``."""
    RESULTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        target = tmp_path / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        shutil.copyfile(target, RESULTS / f"{name}.png")
        return target

    yield take


# --- Notebook editor flows: one server per module, a fresh browser context per test. ---

PageFactory = Callable[[], Page]
PageScreenshot = Callable[[Page, str], Path]


@pytest.fixture(scope="module")
def module_server_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One server per test module; the module may set ``SERVER_ENV`` (a dict) to configure it."""
    extra_env: Mapping[str, str] = getattr(request.module, "SERVER_ENV", {})
    base = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
    with running_server(base / "data", base / "server.log", extra_env) as url:
        yield url


@pytest.fixture
def new_page(browser: Browser, module_server_url: str) -> Iterator[PageFactory]:
    """``new_page()``: a page in a fresh browser context (own cookies) on the module's server.

    Every context is closed after the test, which fails if any page had an uncaught error.
    """
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def open_page() -> Page:
        context = browser.new_context(
            base_url=module_server_url, viewport={"width": 1280, "height": 800}
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        watch_csp(page, errors)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


@pytest.fixture
def page_screenshot(tmp_path: Path) -> PageScreenshot:
    """``page_screenshot(page, name)`` saves a PNG of the page to tmp dir and ``test-results/``."""
    RESULTS.mkdir(exist_ok=True)

    def take(page: Page, name: str) -> Path:
        target = tmp_path / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        shutil.copyfile(target, RESULTS / f"{name}.png")
        return target

    return take


def start_guest_notebook(page: Page) -> None:
    """Continue as guest, then *New notebook*: the editor opens with its first (empty) code cell."""
    page.goto("/")
    page.get_by_role("button", name="Continue as guest").click()
    page.get_by_role("button", name="New notebook").click()
    expect(page).to_have_url(re.compile(r"/notebooks/[^/]+$"))
    expect(notebook_cells(page).first.locator(".cm-content")).to_be_visible()


def notebook_cells(page: Page) -> Locator:
    return page.get_by_test_id("cell")


def add_code_cell(page: Page) -> Locator:
    """Adds a code cell at the end of the notebook (the last cell's "+ Code") and returns it."""
    cells = notebook_cells(page)
    before = cells.count()
    page.get_by_role("button", name="Insert code cell below").last.click()
    expect(cells).to_have_count(before + 1)
    return cells.nth(before)


def type_code(page: Page, cell: Locator, code: str) -> None:
    """Replaces the cell's source with ``code``, typed into its CodeMirror editor."""
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(code)
    expect(editor).to_have_text(code.replace("\n", ""))


def run_code(page: Page, cell: Locator, code: str) -> None:
    """Types ``code`` into the cell and runs it in place (Ctrl+Enter)."""
    type_code(page, cell, code)
    page.keyboard.press("Control+Enter")


def choose_menu_item(page: Page, menu: str, item: str) -> None:
    """Opens a menu of the notebook's menu bar and clicks one of its items."""
    page.get_by_role("menubar", name="Notebook menu").get_by_role("menuitem", name=menu).click()
    page.get_by_role("menu", name=menu).get_by_role("menuitem", name=item, exact=True).click()


def stream_output(cell: Locator) -> Locator:
    return cell.locator("[data-output=stream]")


def error_output(cell: Locator) -> Locator:
    return cell.locator("[data-output=error]")
