"""Browser tests: a real ``collaboratory serve`` process and the system Chromium (no downloads)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

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


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[str]:
    """Starts ``collaboratory serve`` on a free port with a fresh data directory."""
    if not STATIC_INDEX.exists():
        pytest.fail("the front end is not built: run `cd frontend && npm run build` first")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "COLLABORATORY_DRIVE__UPLOAD_CHUNK_BYTES": str(UPLOAD_CHUNK_BYTES),
        # The flows start runtimes as they need them; none may outlive the test.
        "COLLABORATORY_RUNTIMES__WARM_POOL_ENABLED": "false",
        "COLLABORATORY_RUNTIMES__SURVIVE_RESTART": "false",
    }
    args = [str(SERVER), "serve", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--data-dir", str(tmp_path / "data")]
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path, env=env)
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


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
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
