"""Large files into a runtime in chunks (PUT /api/runtimes/{id}/files/chunks/{upload_id}), as
the editor sends them for files.upload() and the Files panel; a real runtime."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from tests.clients import ApiClient, code_cell, error_of
from tests.server.test_execute_api import settled, uploaded


async def connected(client: ApiClient, *cells: dict[str, Any]) -> tuple[str, str]:
    """A notebook with these cells, its first cell run (which connects its runtime)."""
    nb = await uploaded(client, *cells)
    await client.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": [cells[0]["id"]]})
    await settled(client, nb, cells[0]["id"])
    [runtime] = (await client.get("/api/runtimes")).json()
    return nb, str(runtime["id"])


def chunk_url(runtime: str, upload_id: str, offset: int, size: int, name: str = "big.bin") -> str:
    query = f"path=data&name={name}&offset={offset}&size={size}"
    return f"/api/runtimes/{runtime}/files/chunks/{upload_id}?{query}"


async def test_chunks_at_their_offsets_make_the_file(alice: ApiClient, bob: ApiClient) -> None:
    _, runtime = await connected(alice, code_cell("a", "import os; os.makedirs('data')"))
    upload_id = uuid.uuid4().hex
    data = bytes(range(256)) * 40  # 10240 bytes in three chunks
    first = await alice.put(chunk_url(runtime, upload_id, 0, len(data)), content=data[:4096])
    assert first.status_code == 200, first.text
    assert first.json() == {"received": 4096, "file": None}

    again = await alice.put(chunk_url(runtime, upload_id, 0, len(data)), content=data[:4096])
    assert again.status_code == 409 and error_of(again)["code"] == "wrong_offset"
    assert "byte 4096" in error_of(again)["message"]
    past = await alice.put(chunk_url(runtime, upload_id, 4096, 5000), content=data[4096:])
    assert past.status_code == 400 and error_of(past)["code"] == "bad_upload"
    theirs = await bob.put(chunk_url(runtime, upload_id, 4096, len(data)), content=b"x")
    assert theirs.status_code == 404

    second = await alice.put(
        chunk_url(runtime, upload_id, 4096, len(data)), content=data[4096:8192]
    )
    assert second.json()["received"] == 8192  # the refused chunk left nothing behind
    last = await alice.put(chunk_url(runtime, upload_id, 8192, len(data)), content=data[8192:])
    assert last.status_code == 200, last.text
    assert last.json()["file"]["path"] == "data/big.bin"
    assert last.json()["file"]["size"] == len(data)
    content = await alice.get(
        f"/api/runtimes/{runtime}/files/content", params={"path": "data/big.bin"}
    )
    assert content.content == data


async def test_bad_chunked_uploads(alice: ApiClient) -> None:
    _, runtime = await connected(alice, code_cell("a", "1"))
    bad_id = await alice.put(chunk_url(runtime, "not-hex", 0, 1), content=b"x")
    assert bad_id.status_code == 400 and error_of(bad_id)["code"] == "bad_upload"
    huge = await alice.put(chunk_url(runtime, uuid.uuid4().hex, 0, 1 << 50), content=b"x")
    assert huge.status_code == 413
    bad_name = await alice.put(chunk_url(runtime, uuid.uuid4().hex, 0, 1, "..%2Fx"), content=b"x")
    assert bad_name.status_code == 400, bad_name.text
    upload_id = uuid.uuid4().hex
    await alice.put(chunk_url(runtime, upload_id, 0, 10), content=b"12345")
    assert (
        await alice.delete(f"/api/runtimes/{runtime}/files/chunks/{upload_id}")
    ).status_code == 204
    restarted = await alice.put(chunk_url(runtime, upload_id, 0, 10), content=b"12345")
    assert restarted.json()["received"] == 5  # aborted: it starts again at 0


async def test_files_upload_returns_a_file_sent_in_chunks(alice: ApiClient) -> None:
    code = (
        "from google.colab import files\n"
        "got = files.upload('data')\n"
        "print({k: (len(v), bytes(v[:3])) for k, v in got.items()})"
    )
    setup = code_cell("s", "import os; os.makedirs('data', exist_ok=True)")
    nb, runtime = await connected(alice, setup, code_cell("a", code))
    await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["a"]})
    upload_mime = "application/vnd.collaboratory.upload+json"
    request: dict[str, Any] | None = None
    for _ in range(300):
        cell = next(
            c for c in (await alice.get(f"/api/notebooks/{nb}")).json()["cells"] if c["id"] == "a"
        )
        shown = [o["data"] for o in cell["outputs"] if o.get("output_type") == "display_data"]
        request = next((d[upload_mime] for d in shown if upload_mime in d), None)
        if request is not None:
            break
        await asyncio.sleep(0.1)
    assert request is not None and request["directory"] == "data"
    upload_id, data = uuid.uuid4().hex, b"abc" * 1000
    for offset in range(0, len(data), 1024):
        url = chunk_url(runtime, upload_id, offset, len(data))
        sent = await alice.put(url, content=data[offset : offset + 1024])
        assert sent.status_code == 200, sent.text
    finish = f"/api/notebooks/{nb}/colab/uploads/{request['id']}"
    assert (await alice.post(finish, json={"files": ["big.bin"]})).status_code == 204
    cell = await settled(alice, nb, "a")
    text = "".join(o.get("text", "") for o in cell["outputs"])
    assert "{'big.bin': (3000, b'abc')}" in text, cell["outputs"]
