"""Security headers on the app's page, its assets, API answers and the output frame document."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from collaboratory.config import Settings
from collaboratory.server import create_app, static
from collaboratory.server.headers import OUTPUT_FRAME_SANDBOX, inline_script_hashes
from tests.clients import ApiClient

HTML_OUTPUT = Path(__file__).resolve().parents[2] / "frontend/src/notebook/outputs/HtmlOutput.tsx"
PRELOAD = 'if (/^\\/notebooks\\//.test(location.pathname)) document.title = "é";'
INDEX = f"""<!doctype html><html><head><script>{PRELOAD}</script>
<script type="module" crossorigin src="/assets/index.js"></script></head>
<body><div id="root"></div></body></html>"""


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def directives(response: httpx.Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    parts = [p.split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_hardened(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    # The page reaches its own server, and a local runtime on the loopback address only (#12).
    assert policy["connect-src"][0] == "'self'"
    assert set(policy["connect-src"][1:]) == {
        f"{scheme}://{host}:*" for scheme in ("http", "ws") for host in ("127.0.0.1", "localhost")
    }


@pytest.fixture
async def site(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[ApiClient, Path]]:
    root = tmp_path / "static"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX, encoding="utf-8")
    (root / "assets" / "index.js").write_text("console.log(1)")
    monkeypatch.setattr(static, "STATIC_DIR", root)
    app: FastAPI = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with ApiClient(transport=transport, base_url="http://testserver") as client:
            yield client, root


async def test_the_page_allows_its_own_scripts_and_its_inline_script_by_hash(
    site: tuple[ApiClient, Path],
) -> None:
    client, root = site
    for path in ("/", "/notebooks/abc", "/drive"):
        page = await client.get(path)
        assert page.status_code == 200 and 'id="root"' in page.text
        assert_hardened(page)
        assert directives(page)["script-src"] == ["'self'", f"'{sha256(PRELOAD)}'"]

    # A new build brings a new inline script, and the page its hash.
    rebuilt = INDEX.replace(PRELOAD, "void 0;")
    (root / "index.html").write_text(rebuilt + "\n", encoding="utf-8")
    page = await client.get("/notebooks/abc")
    assert directives(page)["script-src"] == ["'self'", f"'{sha256('void 0;')}'"]


async def test_assets_and_api_answers_carry_the_headers(site: tuple[ApiClient, Path]) -> None:
    client, _ = site
    asset = await client.get("/assets/index.js")
    assert asset.status_code == 200
    assert_hardened(asset)
    for path, status in (("/api/status", 200), ("/api/me", 401), ("/api/nothing", 404)):
        response = await client.get(path)
        assert response.status_code == status
        assert response.headers["content-type"].startswith("application/json")
        assert_hardened(response)
    for _ in range(3):  # the test settings allow 3 failures before a wait
        assert (await client.login("nobody", "wrong password")).status_code == 401
    limited = await client.login("nobody", "wrong password")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert_hardened(limited)


async def test_a_route_keeps_a_policy_of_its_own(site: tuple[ApiClient, Path]) -> None:
    client, _ = site
    await client.post("/api/auth/guest")
    uploaded = await client.upload("page.html", b"<script>alert(1)</script>", None, "text/html")
    download = await client.get(f"/api/drive/items/{uploaded.json()['id']}/content")
    assert download.status_code == 200
    assert download.headers["content-security-policy"] == "sandbox"
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_the_output_frame_is_sandboxed_by_its_own_policy(
    site: tuple[ApiClient, Path],
) -> None:
    client, _ = site
    frame = await client.get("/output-frame")
    assert frame.status_code == 200 and frame.headers["content-type"].startswith("text/html")
    policy = directives(frame)
    # An opaque origin even if opened on its own; popups stay sandboxed too.
    assert policy["sandbox"] == ["allow-scripts", "allow-popups"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "script-src" not in policy and "default-src" not in policy  # the output runs freely
    assert frame.headers["x-frame-options"] == "SAMEORIGIN"
    assert frame.headers["x-content-type-options"] == "nosniff"
    assert "collaboratoryFrameHtml" in frame.text and "collaboratoryFrameReady" in frame.text


def test_the_frame_policy_matches_the_front_end() -> None:
    source = HTML_OUTPUT.read_text()
    sandbox = re.search(r'HTML_OUTPUT_SANDBOX = "([^"]*)"', source)
    url = re.search(r'OUTPUT_FRAME_URL = "([^"]*)"', source)
    assert sandbox and sandbox.group(1) == OUTPUT_FRAME_SANDBOX
    assert "allow-popups-to-escape-sandbox" not in OUTPUT_FRAME_SANDBOX
    assert "allow-same-origin" not in OUTPUT_FRAME_SANDBOX
    assert url and url.group(1) == static.OUTPUT_FRAME_PATH


def test_inline_script_hashes_skip_external_scripts() -> None:
    html = (
        '<script src="/a.js"></script><SCRIPT type="module">a()</SCRIPT ><script>\nb()\n</script>'
    )
    assert inline_script_hashes(html) == [sha256("a()"), sha256("\nb()\n")]


async def test_the_api_docs_page_may_load_swagger_ui(site: tuple[ApiClient, Path]) -> None:
    client, _ = site
    docs = await client.get("/api/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    policy = directives(docs)
    hashes = inline_script_hashes(docs.text)
    assert hashes and policy["script-src"] == ["'self'", "https://cdn.jsdelivr.net"] + [
        f"'{h}'" for h in hashes
    ]
    assert policy["frame-ancestors"] == ["'none'"]
    assert docs.headers["x-content-type-options"] == "nosniff"
