"""Jupyter's /api and /api/contents over the Drive: every operation, bad input, roles, and a
save that meets an edit from the sync socket without forking the live document."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import httpx
from fastapi import FastAPI

from tests.clients import ApiClient, code_cell, notebook_bytes
from tests.documents.client import sync_client
from tests.server.test_revisions_api import live
from tests.server.test_sharing_api import share


def jupyter_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = dict(response.json())
    assert body["message"] and body["reason"] == body["error"]["code"], body
    return body


async def notebook_at(client: ApiClient, name: str = "nb.ipynb") -> str:
    response = await client.upload(name, notebook_bytes([code_cell("c1", "x = 1")]))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def token_of(client: ApiClient) -> str:
    return str((await client.post("/api/tokens", json={"name": "jupyter"})).json()["token"])


async def test_version_and_listing(alice: ApiClient) -> None:
    assert (await alice.get("/api")).json()["version"].startswith("2.")
    await notebook_at(alice)
    root = (await alice.get("/api/contents")).json()
    assert root["type"] == "directory" and root["path"] == "" and root["format"] == "json"
    names = {m["name"]: m for m in root["content"]}
    assert names["Notebooks"]["type"] == "directory"
    assert names["nb.ipynb"]["type"] == "notebook" and names["nb.ipynb"]["content"] is None
    assert names["nb.ipynb"]["writable"] is True and names["nb.ipynb"]["path"] == "nb.ipynb"
    bare = (await alice.get("/api/contents/", params={"content": 0})).json()
    assert bare["content"] is None


async def test_open_save_reaches_the_live_document(app: FastAPI, alice: ApiClient) -> None:
    nb = await notebook_at(alice)
    got = (await alice.get("/api/contents/nb.ipynb", params={"hash": 1})).json()
    assert got["type"] == "notebook" and got["format"] == "json" and got["hash_algorithm"]
    content = got["content"]
    assert content["cells"][0]["source"] == "x = 1"
    content["cells"][0]["source"] = "x = 2"
    content["cells"].append(code_cell("c2", "print(x)"))
    saved = await alice.put(
        "/api/contents/nb.ipynb", json={"type": "notebook", "format": "json", "content": content}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["content"] is None and saved.json()["last_modified"] >= got["last_modified"]
    doc = await live(alice, nb)
    assert [c["source"] for c in doc["cells"]] == ["x = 2", "print(x)"]
    assert [i["id"] for i in await alice.items()].count(nb) == 1  # the same notebook: no fork


async def test_save_racing_a_sync_edit_neither_forks_nor_fails(
    app: FastAPI, alice: ApiClient, served: str
) -> None:
    nb = await notebook_at(alice)
    token = await token_of(alice)
    content = (await alice.get("/api/contents/nb.ipynb")).json()["content"]
    content["cells"].append(code_cell("c2", "y = 2"))
    async with sync_client(served, nb, token) as editor:
        source = editor.ynotebook.ycells[0]["source"]
        source += "  # typed"
        body = {"type": "notebook", "format": "json", "content": content}
        saved, _ = await asyncio.gather(
            alice.put("/api/contents/nb.ipynb", json=body), editor.ack()
        )
        assert saved.status_code == 200, saved.text
        await editor.ack()
        await asyncio.sleep(0.2)
        doc = await live(alice, nb)
        assert editor.notebook()["cells"] == doc["cells"]  # one document, seen alike
    sources = [c["source"] for c in doc["cells"]]
    assert sources[-1] == "y = 2"  # the save's change is there
    assert sources[0] in ("x = 1", "x = 1  # typed")  # the edit kept, or the later save won
    assert len(await alice.items()) == 2  # Notebooks and nb.ipynb: nothing forked


async def test_files_folders_copy_rename_delete(alice: ApiClient) -> None:
    made = await alice.put(
        "/api/contents/Notebooks/notes.txt",
        json={"type": "file", "format": "text", "content": "hello"},
    )
    assert made.status_code == 201, made.text
    assert made.headers["Location"] == "/api/contents/Notebooks/notes.txt"
    text = (await alice.get("/api/contents/Notebooks/notes.txt")).json()
    assert (text["content"], text["format"], text["mimetype"]) == ("hello", "text", "text/plain")
    raw = base64.b64encode(b"\xff\x00").decode()
    body = {"type": "file", "format": "base64", "content": raw}
    assert (await alice.put("/api/contents/Notebooks/notes.txt", json=body)).status_code == 200
    got = (await alice.get("/api/contents/Notebooks/notes.txt")).json()
    assert (got["content"], got["format"]) == (raw, "base64")
    folder = await alice.post("/api/contents/Notebooks", json={"type": "directory"})
    assert folder.json()["path"] == "Notebooks/Untitled Folder"
    untitled = await alice.post("/api/contents/Notebooks", json={"type": "notebook"})
    assert untitled.status_code == 201 and untitled.json()["name"] == "Untitled0.ipynb"
    copy = await alice.post("/api/contents", json={"copy_from": "Notebooks/Untitled0.ipynb"})
    assert copy.json()["path"] == "Untitled0.ipynb" and copy.json()["type"] == "notebook"
    moved = await alice.patch(
        "/api/contents/Untitled0.ipynb", json={"path": "Notebooks/Untitled Folder/a.ipynb"}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["path"] == "Notebooks/Untitled Folder/a.ipynb"
    renamed = await alice.patch(
        "/api/contents/Notebooks/notes.txt", content=json.dumps({"path": "Notebooks/b.txt"})
    )  # text/plain, as @jupyterlab/services sends it
    assert renamed.json()["name"] == "b.txt"
    assert (await alice.delete("/api/contents/Notebooks/b.txt")).status_code == 204
    jupyter_error(await alice.get("/api/contents/Notebooks/b.txt"), 404)
    trash = (await alice.get("/api/drive/items", params={"trashed": "true"})).json()
    assert [i["name"] for i in trash] == ["b.txt"]


async def test_checkpoints_are_revisions(alice: ApiClient) -> None:
    nb = await notebook_at(alice)
    assert (await alice.get("/api/contents/nb.ipynb/checkpoints")).json() == []
    made = await alice.post("/api/contents/nb.ipynb/checkpoints")
    assert made.status_code == 201, made.text
    checkpoint = made.json()
    assert set(checkpoint) == {"id", "last_modified"}
    listed = (await alice.get("/api/contents/nb.ipynb/checkpoints")).json()
    assert listed == [checkpoint]
    content = (await alice.get("/api/contents/nb.ipynb")).json()["content"]
    content["cells"][0]["source"] = "changed"
    body = {"type": "notebook", "format": "json", "content": content}
    await alice.put("/api/contents/nb.ipynb", json=body)
    restored = await alice.post(f"/api/contents/nb.ipynb/checkpoints/{checkpoint['id']}")
    assert restored.status_code == 204, restored.text
    assert (await live(alice, nb))["cells"][0]["source"] == "x = 1"
    jupyter_error(await alice.delete(f"/api/contents/nb.ipynb/checkpoints/{checkpoint['id']}"), 403)
    jupyter_error(await alice.post("/api/contents/nb.ipynb/checkpoints/nope"), 404)


async def test_bad_input(alice: ApiClient) -> None:
    await notebook_at(alice)
    jupyter_error(await alice.get("/api/contents/nope.ipynb"), 404)
    jupyter_error(await alice.get("/api/contents/Notebooks//nb.ipynb"), 400)
    jupyter_error(await alice.get("/api/contents/nb.ipynb", params={"type": "directory"}), 400)
    jupyter_error(await alice.get("/api/contents/Notebooks", params={"type": "notebook"}), 400)
    jupyter_error(await alice.get("/api/contents/nb.ipynb", params={"format": "xml"}), 400)
    jupyter_error(await alice.get("/api/contents/nb.ipynb/x"), 404)
    as_file = (await alice.get("/api/contents/nb.ipynb", params={"type": "file"})).json()
    assert as_file["format"] == "text" and json.loads(as_file["content"])["nbformat"] == 4
    put = "/api/contents/nb.ipynb"
    jupyter_error(await alice.put(put, content=b"{not json"), 400)
    jupyter_error(await alice.put(put, json={"type": "notebook", "content": {"cells": 3}}), 400)
    jupyter_error(await alice.put(put, json={"type": "notebook", "content": "text"}), 400)
    jupyter_error(await alice.put(put, json={"type": "file", "format": "text", "content": ""}), 400)
    jupyter_error(await alice.put(put, json={"type": "thing"}), 400)
    bad64 = {"type": "file", "format": "base64", "content": "%%%"}
    jupyter_error(await alice.put("/api/contents/f.bin", json=bad64), 400)
    jupyter_error(await alice.put("/api/contents/no/such/dir/f.txt", json=bad64), 404)
    jupyter_error(await alice.patch(put, json={"path": "Notebooks"}), 409)
    jupyter_error(await alice.patch(put, json={}), 400)
    jupyter_error(await alice.delete("/api/contents/"), 400)
    assert (await alice.get(put)).json()["content"]["cells"][0]["source"] == "x = 1"


async def test_roles_and_tokens(alice: ApiClient, bob: ApiClient, new_client: Any) -> None:
    nb = await notebook_at(alice, "team.ipynb")
    body = {"type": "notebook", "format": "json", "content": json.loads(notebook_bytes())}
    token = await token_of(bob)
    async with httpx.AsyncClient(transport=bob._transport, base_url=bob.base_url) as raw:
        listed = await raw.get("/api/contents", params={"token": token})
        assert listed.status_code == 200, listed.text
        assert "Shared with me" not in [m["name"] for m in listed.json()["content"]]
        jupyter_error(await raw.get("/api/contents", headers={"Authorization": "token bad"}), 401)
    assert (await share(alice, nb, {"bob": "viewer"})).status_code == 200
    root = (await bob.get("/api/contents")).json()
    assert "Shared with me" in [m["name"] for m in root["content"]]
    seen = (await bob.get("/api/contents/Shared with me/team.ipynb")).json()
    assert seen["writable"] is False and seen["content"]["cells"]
    jupyter_error(await bob.put("/api/contents/Shared with me/team.ipynb", json=body), 403)
    assert (await share(alice, nb, {"bob": "editor"})).status_code == 200
    saved = await bob.put("/api/contents/Shared with me/team.ipynb", json=body)
    assert saved.status_code == 200, saved.text
    assert (await live(alice, nb))["cells"][0]["source"] == "print(6*7)"
    jupyter_error(await bob.get("/api/contents/team.ipynb"), 404)  # not in bob's own Drive
