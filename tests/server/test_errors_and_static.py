"""Errors are JSON everywhere; the front end is served for page paths."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text

from collaboratory.config import Settings
from collaboratory.server import create_app
from collaboratory.server.static import install_static
from tests.clients import ApiClient, error_of


async def test_status_needs_no_auth(client: ApiClient) -> None:
    body = (await client.get("/api/status")).json()
    assert body["version"] and body["guests_allowed"] is True
    runtimes = body["runtimes"]
    assert runtimes["backend"] == "local"
    assert runtimes["sandbox"].startswith("bubblewrap")  # make installs it everywhere
    assert "enforced" in runtimes["limits"]


async def test_unknown_api_route_and_method_are_json(client: ApiClient) -> None:
    missing = await client.get("/api/no/such/thing")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    wrong_method = await client.delete("/api/status")
    assert (
        wrong_method.status_code == 405 and error_of(wrong_method)["code"] == "method_not_allowed"
    )


async def test_unexpected_errors_are_logged_not_shown(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings)

    async def boom() -> None:
        raise RuntimeError("secret internals")

    app.router.add_api_route("/api/boom", boom)
    app.router.routes.insert(0, app.router.routes.pop())  # ahead of the front end's catch-all

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        with caplog.at_level(logging.ERROR):
            response = await c.get("/api/boom")
    assert response.status_code == 500
    assert error_of(response)["code"] == "internal_error"
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "secret internals" in caplog.text


async def test_a_database_locked_by_another_writer_answers_503_to_retry(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings)
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (v INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")  # a long writer elsewhere
    impatient = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})

    async def write() -> None:
        with impatient.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))

    app.router.add_api_route("/api/write", write, methods=["POST"])
    app.router.routes.insert(0, app.router.routes.pop())  # ahead of the front end's catch-all
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://t") as c,
        ):
            with caplog.at_level(logging.ERROR):
                response = await c.post("/api/write")
    finally:
        holder.close()
        impatient.dispose()
    assert response.status_code == 503
    assert error_of(response)["code"] == "database_busy"
    assert response.headers["Retry-After"] == "1"
    assert "Try again" in error_of(response)["message"]


@pytest.fixture
async def static_client(tmp_path: Path) -> httpx.AsyncClient:
    root = tmp_path / "static"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><div id=root></div>")
    (root / "assets" / "app.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("server data")
    app = FastAPI()
    install_static(app, root)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_spa_paths_get_index_and_assets_are_cached(static_client: httpx.AsyncClient) -> None:
    async with static_client as c:
        page = await c.get("/notebooks/abc")
        assert page.status_code == 200 and "id=root" in page.text
        asset = await c.get("/assets/app.js")
        assert asset.text == "console.log(1)" and "immutable" in asset.headers["cache-control"]
        escape = await c.get("/..%2fsecret.txt")
        assert "server data" not in escape.text


async def test_frontend_not_built_says_how(tmp_path: Path) -> None:
    app = FastAPI()
    install_static(app, tmp_path / "missing")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/")
    assert response.status_code == 503 and "make run" in response.text
