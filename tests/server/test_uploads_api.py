"""Uploads: notebooks validated with nbformat, other files kept as they are, limits, chunks."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from collaboratory.config import Settings
from tests.clients import ApiClient, error_of, notebook_bytes
from tests.conftest import CORPUS

VALID = sorted((CORPUS / "notebooks").glob("*.ipynb"))
INVALID = sorted((CORPUS / "invalid").glob("*.ipynb"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
async def test_valid_corpus_notebooks_upload(alice: ApiClient, path: Path) -> None:
    response = await alice.upload(path.name, path.read_bytes())
    assert response.status_code == 201, response.text
    item = response.json()
    assert item["kind"] == "notebook" and item["origin"] == "uploaded"
    nb = (await alice.get(f"/api/notebooks/{item['id']}")).json()
    assert nb["nbformat"] == 4
    download = await alice.get(f"/api/drive/items/{item['id']}/content")
    upgraded = json.loads(path.read_bytes())["nbformat"] < 4  # ids made up at each upgrade
    original = normalised(path.read_bytes(), drop_ids=upgraded)
    assert normalised(download.content, drop_ids=upgraded) == original
    assert normalised(json.dumps(nb).encode(), drop_ids=upgraded) == original


def normalised(data: bytes, *, drop_ids: bool) -> object:
    """The notebook as nbformat reads it (v3 upgraded): content equality, not byte equality."""
    nb = json.loads(nbformat.writes(nbformat.reads(data.decode(), as_version=4)))
    if drop_ids:
        for cell in nb["cells"]:
            cell.pop("id", None)
    return nb


async def test_nbformat3_is_upgraded_with_a_note(alice: ApiClient) -> None:
    path = CORPUS / "notebooks" / "nbformat--test3.ipynb"
    item = (await alice.upload(path.name, path.read_bytes())).json()
    assert item["notes"] and "nbformat 3" in item["notes"][0]
    nb = (await alice.get(f"/api/notebooks/{item['id']}")).json()
    assert nb["nbformat"] == 4 and nb["cells"]


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("nbformat--invalid.ipynb", "'source' is a required property"),
        ("nbformat--invalid_cell_id.ipynb", "cell 1 (id)"),
        ("nbformat--v4_5_invalid_metadata.ipynb", "metadata.kernelspec"),
    ],
)
async def test_invalid_notebooks_get_400_naming_the_problem(
    alice: ApiClient, name: str, needle: str
) -> None:
    response = await alice.upload(name, (CORPUS / "invalid" / name).read_bytes())
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_notebook" and needle in error["message"]
    assert [i["name"] for i in await alice.items()] == ["Notebooks"]


async def test_duplicate_cell_ids_are_repaired_and_reported(alice: ApiClient) -> None:
    name = "nbformat--invalid_unique_cell_id.ipynb"
    item = (await alice.upload(name, (CORPUS / "invalid" / name).read_bytes())).json()
    assert any("dup" in note for note in item["notes"])
    nb = (await alice.get(f"/api/notebooks/{item['id']}")).json()
    ids = [c["id"] for c in nb["cells"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"{ not json", "not JSON"),
        (b"[1, 2]", "no 'nbformat' field"),
        (b'{"nbformat": 2, "cells": []}', "not supported"),
        (b"", "not JSON"),
    ],
)
async def test_broken_ipynb_files(alice: ApiClient, content: bytes, needle: str) -> None:
    response = await alice.upload("broken.ipynb", content)
    assert response.status_code == 400
    assert needle in error_of(response)["message"]


async def test_other_files_are_kept_byte_for_byte(alice: ApiClient) -> None:
    data = bytes(range(256)) * 100
    item = (await alice.upload("blob.bin", data)).json()
    assert item["kind"] == "file" and item["origin"] is None and item["size"] == len(data)
    download = await alice.get(f"/api/drive/items/{item['id']}/content")
    assert download.content == data
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-security-policy"] == "sandbox"


async def test_upload_name_clash_is_renamed_like_drive(alice: ApiClient) -> None:
    first = (await alice.upload("nb.ipynb", notebook_bytes())).json()
    second = (await alice.upload("nb.ipynb", notebook_bytes())).json()
    assert (first["name"], second["name"]) == ("nb.ipynb", "nb (1).ipynb")


async def test_upload_into_a_folder(alice: ApiClient) -> None:
    home = (await alice.items())[0]
    item = (await alice.upload("x.ipynb", notebook_bytes(), parent=home["id"])).json()
    assert item["parent"] == home["id"]


@pytest.mark.parametrize("name", ["../x.ipynb", "a/b.txt", "x" * 300 + ".txt"])
async def test_upload_with_path_like_filename_is_refused(
    alice: ApiClient, settings: Settings, name: str
) -> None:
    response = await alice.upload(name, b"data")
    assert response.status_code == 400 and error_of(response)["code"] == "invalid_name"
    assert not (settings.data_dir.parent / "x.ipynb").exists()
    leftovers = [p for p in (settings.data_dir / "blobs").rglob("*") if p.is_file()]
    assert len(leftovers) == 0


async def test_upload_over_the_limit_is_413_and_leaves_nothing(
    alice: ApiClient, settings: Settings
) -> None:
    limit = settings.drive.max_upload_bytes
    response = await alice.upload("big.bin", b"x" * (limit + 1))
    assert response.status_code == 413 and error_of(response)["code"] == "too_large"
    assert [p for p in (settings.data_dir / "blobs").rglob("*") if p.is_file()] == []
    assert [i["name"] for i in await alice.items()] == ["Notebooks"]


async def test_upload_needs_a_file_field(alice: ApiClient) -> None:
    response = await alice.post(
        "/api/drive/upload", data={"parent": ""}, files={"other": ("", b"")}
    )
    assert response.status_code in (400, 422)
    plain = await alice.post(
        "/api/drive/upload", content=b"abc", headers={"content-type": "text/plain"}
    )
    assert plain.status_code == 400 and error_of(plain)["code"] == "bad_upload"


async def test_chunked_upload(alice: ApiClient, settings: Settings) -> None:
    content = notebook_bytes(
        [
            {"cell_type": "markdown", "id": f"m{i}", "source": "x" * 1000, "metadata": {}}
            for i in range(200)
        ]
    )
    chunk = settings.drive.upload_chunk_bytes
    assert len(content) > chunk
    started = await alice.post(
        "/api/drive/uploads", json={"name": "big.ipynb", "size": len(content)}
    )
    assert started.status_code == 201
    upload = started.json()
    assert upload["chunk_bytes"] == chunk and upload["received"] == 0
    offset = 0
    while offset < len(content):
        part = content[offset : offset + chunk]
        response = await alice.put(
            f"/api/drive/uploads/{upload['id']}",
            params={"offset": offset},
            content=part,
            headers={"content-type": "application/octet-stream"},
        )
        assert response.status_code == 200, response.text
        offset += len(part)
        assert response.json()["received"] == offset
    item = response.json()["item"]
    assert item["kind"] == "notebook" and item["name"] == "big.ipynb"
    assert (await alice.get(f"/api/drive/uploads/{upload['id']}")).status_code == 404
    nb = (await alice.get(f"/api/notebooks/{item['id']}")).json()
    assert len(nb["cells"]) == 200


async def test_chunked_upload_resumes_and_checks_offsets(alice: ApiClient) -> None:
    upload = (await alice.post("/api/drive/uploads", json={"name": "f.bin", "size": 10})).json()
    url = f"/api/drive/uploads/{upload['id']}"
    await alice.put(url, params={"offset": 0}, content=b"01234")
    wrong = await alice.put(url, params={"offset": 2}, content=b"23456")
    assert wrong.status_code == 409 and "byte 5" in error_of(wrong)["message"]
    assert (await alice.get(url)).json()["received"] == 5  # what a client resumes from
    too_much = await alice.put(url, params={"offset": 5}, content=b"5678901234")
    assert too_much.status_code == 400
    assert (await alice.get(url)).json()["received"] == 5
    done = (await alice.put(url, params={"offset": 5}, content=b"56789")).json()
    assert done["item"]["size"] == 10
    content = await alice.get(f"/api/drive/items/{done['item']['id']}/content")
    assert content.content == b"0123456789"


async def test_chunked_upload_limits_and_abort(alice: ApiClient, settings: Settings) -> None:
    too_big = await alice.post(
        "/api/drive/uploads",
        json={"name": "f.bin", "size": settings.drive.max_upload_bytes + 1},
    )
    assert too_big.status_code == 413
    bad_name = await alice.post("/api/drive/uploads", json={"name": "../f", "size": 1})
    assert bad_name.status_code == 400
    upload = (await alice.post("/api/drive/uploads", json={"name": "f.bin", "size": 4})).json()
    assert (await alice.delete(f"/api/drive/uploads/{upload['id']}")).status_code == 204
    assert (await alice.get(f"/api/drive/uploads/{upload['id']}")).status_code == 404
    assert [p for p in (settings.data_dir / "blobs").rglob("*") if p.is_file()] == []


async def test_invalid_notebook_by_chunks_is_400(alice: ApiClient) -> None:
    upload = (await alice.post("/api/drive/uploads", json={"name": "b.ipynb", "size": 3})).json()
    response = await alice.put(
        f"/api/drive/uploads/{upload['id']}", params={"offset": 0}, content=b"{x}"
    )
    assert response.status_code == 400 and error_of(response)["code"] == "invalid_notebook"
