"""``collaboratory local-runtime`` starts a real jupyter_server that our origin may call."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from collaboratory.cli.local_runtime import normalise_origin

ORIGIN = "http://127.0.0.1:8123"
URL = re.compile(r"(http://127\.0\.0\.1:\d+)/\?token=([0-9a-f]+)")


def start_local_runtime(
    origin: str, log: Path, root_dir: Path
) -> tuple[subprocess.Popen[bytes], str, str]:
    """Runs the command as a user would; returns the process, the base URL and the token."""
    argv = [sys.executable, "-m", "collaboratory", "local-runtime", "--origin", origin]
    argv += ["--root-dir", str(root_dir)]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = URL.search(log.read_text(errors="replace"))
        if found:
            base, token = found.group(1), found.group(2)
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).close()
                return proc, base, token
            except OSError:
                pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.kill()
    pytest.fail(f"local-runtime did not come up:\n{log.read_text(errors='replace')}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def local_runtime(tmp_path: Path) -> Iterator[tuple[str, str]]:
    proc, base, token = start_local_runtime(ORIGIN, tmp_path / "jupyter.log", tmp_path)
    try:
        yield base, token
    finally:
        stop(proc)


def request(
    url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def test_the_printed_url_answers_our_origin(local_runtime: tuple[str, str]) -> None:
    base, token = local_runtime
    status, headers, body = request(
        f"{base}/api/kernelspecs?token={token}", headers={"Origin": ORIGIN}
    )
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert headers["Access-Control-Allow-Credentials"] == "true"
    assert "python3" in json.loads(body)["kernelspecs"]


def test_a_preflight_from_our_origin_is_allowed_private_network_included(
    local_runtime: tuple[str, str],
) -> None:
    base, _ = local_runtime
    status, headers, _ = request(
        f"{base}/api/kernels",
        method="OPTIONS",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert status in (200, 204)
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "authorization" in headers["Access-Control-Allow-Headers"]
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert headers["Access-Control-Allow-Private-Network"] == "true"


def test_another_origin_and_a_wrong_token_are_refused(local_runtime: tuple[str, str]) -> None:
    base, token = local_runtime
    _, headers, _ = request(
        f"{base}/api/kernelspecs?token={token}", headers={"Origin": "http://evil.test"}
    )
    assert headers.get("Access-Control-Allow-Origin") in (None, ORIGIN)  # never the other one
    status, _, _ = request(f"{base}/api/kernelspecs?token=wrong", headers={"Origin": ORIGIN})
    assert status == 403


def test_origins_are_normalised_and_checked() -> None:
    assert normalise_origin("HTTP://Example.org:8000/") == "http://example.org:8000"
    with pytest.raises(ValueError, match="no path"):
        normalise_origin("http://example.org/notebooks")
    with pytest.raises(ValueError, match="not an origin"):
        normalise_origin("example.org")
