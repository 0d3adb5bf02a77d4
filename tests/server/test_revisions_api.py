"""The revisions API: save, list, view, restore; 404 for what is not yours or does not exist."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from collaboratory.server.services import Services
from tests.clients import ApiClient, code_cell, error_of, notebook_bytes
from tests.documents.client import append_source


async def uploaded(client: ApiClient) -> str:
    response = await client.upload("nb.ipynb", notebook_bytes([code_cell("c1", "x = 1")]))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def edit(app: FastAPI, client: ApiClient, notebook_id: str, text: str) -> None:
    """An edit to the live document, as an editor's or a running cell's would be."""
    svc: Services = app.state.services
    me = (await client.get("/api/me")).json()["id"]
    room = await svc.documents.open(me, notebook_id)
    async with room.hold() as ynotebook:
        append_source(ynotebook, text)
    await room.flush()


async def live(client: ApiClient, notebook_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/notebooks/{notebook_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_save_edit_view_and_restore(app: FastAPI, alice: ApiClient) -> None:
    nb = await uploaded(alice)
    created = await alice.post(f"/api/notebooks/{nb}/revisions", json={"label": "v1"})
    assert created.status_code == 201, created.text
    saved = created.json()
    assert set(saved) == {"id", "created_at", "created_by", "kind", "label"}
    me = (await alice.get("/api/me")).json()["id"]
    assert (saved["kind"], saved["label"], saved["created_by"]) == ("manual", "v1", me)

    await edit(app, alice, nb, "\ny = 2")
    edited = await live(alice, nb)
    assert edited["cells"][0]["source"] == "x = 1\ny = 2"

    old = await alice.get(f"/api/notebooks/{nb}/revisions/{saved['id']}")
    assert old.status_code == 200 and old.json()["cells"][0]["source"] == "x = 1"

    restored = await alice.post(f"/api/notebooks/{nb}/revisions/{saved['id']}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["cells"][0]["source"] == "x = 1"
    assert await live(alice, nb) == restored.json()

    listed = (await alice.get(f"/api/notebooks/{nb}/revisions")).json()
    assert [r["kind"] for r in listed] == ["restore", "manual"]
    undo = listed[0]
    assert undo["created_by"] == me
    again = await alice.post(f"/api/notebooks/{nb}/revisions/{undo['id']}/restore")
    assert again.status_code == 200
    assert await live(alice, nb) == edited


async def test_list_is_newest_first_and_a_body_is_optional(alice: ApiClient) -> None:
    nb = await uploaded(alice)
    ids = []
    for label in ("a", None, "c"):
        body = {"label": label} if label else None
        response = await alice.post(f"/api/notebooks/{nb}/revisions", json=body)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    listed = (await alice.get(f"/api/notebooks/{nb}/revisions")).json()
    assert [r["id"] for r in listed] == ids[::-1]
    assert [r["label"] for r in listed] == ["c", None, "a"]
    too_long = await alice.post(f"/api/notebooks/{nb}/revisions", json={"label": "x" * 201})
    assert too_long.status_code == 422


async def test_other_users_and_bad_ids_get_404(alice: ApiClient, bob: ApiClient) -> None:
    nb = await uploaded(alice)
    rid = (await alice.post(f"/api/notebooks/{nb}/revisions")).json()["id"]
    bobs = await uploaded(bob)
    for client, path in [
        (bob, f"/api/notebooks/{nb}/revisions"),
        (bob, f"/api/notebooks/{nb}/revisions/{rid}"),
        (alice, f"/api/notebooks/{nb}/revisions/nope"),
        (alice, "/api/notebooks/nope/revisions"),
        (alice, f"/api/notebooks/{bobs}/revisions/{rid}"),
    ]:
        response = await client.get(path)
        assert response.status_code == 404, path
        assert error_of(response)["code"] == "not_found"
    for client, path in [
        (bob, f"/api/notebooks/{nb}/revisions"),
        (bob, f"/api/notebooks/{nb}/revisions/{rid}/restore"),
        (alice, f"/api/notebooks/{nb}/revisions/nope/restore"),
        (bob, f"/api/notebooks/{bobs}/revisions/{rid}/restore"),
    ]:
        response = await client.post(path)
        assert response.status_code == 404, path
    assert (await bob.get(f"/api/notebooks/{bobs}/revisions")).json() == []
    assert len((await alice.get(f"/api/notebooks/{nb}/revisions")).json()) == 1


async def test_a_folder_has_no_revisions(alice: ApiClient) -> None:
    folder = await alice.create("folder", "f")
    response = await alice.get(f"/api/notebooks/{folder['id']}/revisions")
    assert response.status_code == 404
