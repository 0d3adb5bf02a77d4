"""At start, partial upload files a crash left are removed; a resumable upload's are kept."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import select

from collaboratory.config import load_settings
from collaboratory.drive.models import Upload
from collaboratory.server import create_app
from tests.clients import ApiClient


async def test_start_removes_partial_blobs_no_upload_owns(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data", runtimes={"warm_pool_enabled": False})
    app = create_app(settings)
    c = ApiClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
    async with app.router.lifespan_context(app), c:
        await c.signup("ada", "a long password")
        response = await c.post("/api/drive/uploads", json={"name": "big.bin", "size": 10})
        assert response.status_code in (200, 201), response.text
        async with app.state.services.db.session() as s:
            [resumable] = (await s.scalars(select(Upload.blob))).all()
    tmp = tmp_path / "data" / "blobs" / "tmp"
    leftover = tmp / ("ab" * 16)  # a form upload cut off by a crash
    leftover.write_bytes(b"x" * 4096)

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        assert not leftover.exists()
        assert (tmp / resumable).exists()  # a resumable upload goes on after a restart
