"""The command line: user creation, migrations, the OpenAPI schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from collaboratory.cli.main import main
from collaboratory.config import load_settings
from collaboratory.server import create_app
from tests.clients import ApiClient


def test_user_add_reads_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(["user", "add", "Root", "--admin", "--data-dir", str(tmp_path)]) == 0
    assert "Created administrator root" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(["user", "add", "root", "--data-dir", str(tmp_path)]) == 1
    assert "taken" in capsys.readouterr().err


async def test_cli_user_can_sign_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    code = await asyncio.to_thread(
        main, ["user", "add", "ops", "--admin", "--data-dir", str(tmp_path)]
    )
    assert code == 0
    import httpx

    app = create_app(load_settings(data_dir=tmp_path))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        ApiClient(transport=transport, base_url="http://t") as c,
    ):
        response = await c.login("ops", "a long enough password")
        assert response.status_code == 200 and response.json()["is_admin"] is True
        assert [i["name"] for i in await c.items()] == ["Notebooks"]


def test_weak_password_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "add", "x1", "--data-dir", str(tmp_path)]) == 1
    assert "at least 8" in capsys.readouterr().err


def test_missing_config_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "--config", str(tmp_path / "none.toml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_committed_openapi_matches_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    """The front end's types are generated from frontend/openapi.json: it must be current."""
    assert main(["openapi"]) == 0
    current = json.loads(capsys.readouterr().out)
    committed = json.loads(
        (Path(__file__).resolve().parents[2] / "frontend" / "openapi.json").read_text()
    )
    assert committed == current, "run `make openapi` and commit the result"
