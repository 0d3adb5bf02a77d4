"""Upload is where a notebook's document is made: opening it later only loads."""

from __future__ import annotations

from fastapi import FastAPI

from collaboratory.documents.service import DocumentService
from tests.clients import ApiClient, code_cell, notebook_bytes


async def test_an_uploaded_notebook_has_its_document_before_anyone_opens_it(
    app: FastAPI, alice: ApiClient
) -> None:
    documents: DocumentService = app.state.services.documents
    upload = await alice.upload("a.ipynb", notebook_bytes([code_cell("c1", "print(1)")]))
    nb = upload.json()["id"]
    assert documents.rooms.loaded(nb) is None  # no room was loaded for it
    assert (await documents.store.load(nb)).snapshot is not None
    cells = (await alice.get(f"/api/notebooks/{nb}")).json()["cells"]
    assert [(c["id"], c["source"]) for c in cells] == [("c1", "print(1)")]


async def test_a_chunked_notebook_upload_also_makes_its_document(
    app: FastAPI, alice: ApiClient
) -> None:
    documents: DocumentService = app.state.services.documents
    content = notebook_bytes([code_cell("c1", "x = 1")])
    started = await alice.post("/api/drive/uploads", json={"name": "b.ipynb", "size": len(content)})
    assert started.status_code == 201, started.text
    upload_id = started.json()["id"]
    done = await alice.put(
        f"/api/drive/uploads/{upload_id}",
        params={"offset": 0},
        content=content,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert done.status_code == 200, done.text
    nb = done.json()["item"]["id"]
    assert (await documents.store.load(nb)).snapshot is not None
