"""Drive over HTTP: folders, notebooks, rename, move, trash, restore, delete for good."""

from __future__ import annotations

import json

import pytest

from tests.clients import ApiClient, code_cell, error_of, notebook_bytes


async def test_create_list_and_open_a_notebook(alice: ApiClient) -> None:
    home = (await alice.items())[0]
    first = await alice.create("notebook", parent=home["id"])
    second = await alice.create("notebook", parent=home["id"])
    assert (first["name"], second["name"]) == ("Untitled0.ipynb", "Untitled1.ipynb")
    assert first["origin"] == "created" and first["parent"] == home["id"]
    nb = (await alice.get(f"/api/notebooks/{first['id']}")).json()
    assert nb["nbformat"] == 4 and [c["cell_type"] for c in nb["cells"]] == ["code"]


async def test_listing_puts_folders_first_then_names(alice: ApiClient) -> None:
    await alice.create("notebook", "b.ipynb")
    await alice.create("folder", "Zeta")
    await alice.create("notebook", "A.ipynb")
    assert [i["name"] for i in await alice.items()] == ["Notebooks", "Zeta", "A.ipynb", "b.ipynb"]


async def test_name_clash_is_409_and_extension_added(alice: ApiClient) -> None:
    made = await alice.create("notebook", "Report")
    assert made["name"] == "Report.ipynb"
    clash = await alice.post("/api/drive/items", json={"kind": "notebook", "name": "Report.ipynb"})
    assert clash.status_code == 409 and error_of(clash)["code"] == "name_taken"


@pytest.mark.parametrize(
    "name", ["../x", "a/b", "a\\b", "nul\x00byte", "line\nbreak", "x" * 300, "", "  ", "..", "."]
)
async def test_path_like_and_bad_names_are_refused(alice: ApiClient, name: str) -> None:
    response = await alice.post("/api/drive/items", json={"kind": "folder", "name": name})
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_name"
    folder = await alice.create("folder", "ok")
    renamed = await alice.patch(f"/api/drive/items/{folder['id']}", json={"name": name})
    assert renamed.status_code == 400


async def test_unicode_names_are_fine(alice: ApiClient) -> None:
    made = await alice.create("folder", "Données ☃ 数据")
    assert made["name"] == "Données ☃ 数据"


async def test_rename_and_move(alice: ApiClient) -> None:
    home = (await alice.items())[0]
    target = await alice.create("folder", "Archive")
    nb = await alice.create("notebook", "Draft.ipynb", parent=home["id"])
    renamed = await alice.patch(f"/api/drive/items/{nb['id']}", json={"name": "Final.ipynb"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Final.ipynb"
    moved = await alice.patch(f"/api/drive/items/{nb['id']}", json={"parent": target["id"]})
    assert moved.json()["parent"] == target["id"]
    assert [i["name"] for i in await alice.items(target["id"])] == ["Final.ipynb"]
    to_top = await alice.patch(f"/api/drive/items/{nb['id']}", json={"parent": None})
    assert to_top.json()["parent"] is None
    path = (await alice.get(f"/api/drive/items/{target['id']}/path")).json()
    assert [p["name"] for p in path] == ["Archive"]


async def test_move_clash_and_cycle(alice: ApiClient) -> None:
    outer = await alice.create("folder", "Outer")
    inner = await alice.create("folder", "Inner", parent=outer["id"])
    cycle = await alice.patch(f"/api/drive/items/{outer['id']}", json={"parent": inner["id"]})
    assert cycle.status_code == 400 and error_of(cycle)["code"] == "invalid_move"
    itself = await alice.patch(f"/api/drive/items/{outer['id']}", json={"parent": outer["id"]})
    assert itself.status_code == 400
    await alice.create("folder", "Inner")
    clash = await alice.patch(f"/api/drive/items/{inner['id']}", json={"parent": None})
    assert clash.status_code == 409
    nb = await alice.create("notebook", "n.ipynb")
    into_file = await alice.patch(f"/api/drive/items/{inner['id']}", json={"parent": nb["id"]})
    assert into_file.status_code == 400 and error_of(into_file)["code"] == "not_a_folder"


async def test_trash_restore_and_delete_for_good(alice: ApiClient) -> None:
    folder = await alice.create("folder", "Old")
    nb = await alice.create("notebook", "inside.ipynb", parent=folder["id"])
    assert (await alice.delete(f"/api/drive/items/{folder['id']}")).status_code == 204
    assert "Old" not in [i["name"] for i in await alice.items()]
    trash = (await alice.get("/api/drive/items", params={"trashed": "true"})).json()
    assert [i["name"] for i in trash] == ["Old"]
    inside = (await alice.get(f"/api/drive/items/{nb['id']}")).json()
    assert inside["trashed"] is True  # hidden with its folder
    blocked = await alice.patch(f"/api/drive/items/{nb['id']}", json={"name": "x.ipynb"})
    assert blocked.status_code == 409 and error_of(blocked)["code"] == "trashed"
    restored = await alice.post(f"/api/drive/items/{folder['id']}/restore")
    assert restored.json()["trashed"] is False
    assert [i["name"] for i in await alice.items(folder["id"])] == ["inside.ipynb"]
    await alice.delete(f"/api/drive/items/{folder['id']}")
    gone = await alice.delete(f"/api/drive/items/{folder['id']}", params={"permanent": "true"})
    assert gone.status_code == 204
    for item in (folder, nb):
        assert (await alice.get(f"/api/drive/items/{item['id']}")).status_code == 404
    assert (await alice.get("/api/drive/items", params={"trashed": "true"})).json() == []


async def test_restore_renames_on_clash_and_returns_to_top_if_folder_trashed(
    alice: ApiClient,
) -> None:
    a = await alice.create("notebook", "Same.ipynb")
    await alice.delete(f"/api/drive/items/{a['id']}")
    await alice.create("notebook", "Same.ipynb")
    restored = (await alice.post(f"/api/drive/items/{a['id']}/restore")).json()
    assert restored["name"] == "Same (1).ipynb"
    folder = await alice.create("folder", "F")
    child = await alice.create("notebook", "c.ipynb", parent=folder["id"])
    await alice.delete(f"/api/drive/items/{child['id']}")
    await alice.delete(f"/api/drive/items/{folder['id']}")
    back = (await alice.post(f"/api/drive/items/{child['id']}/restore")).json()
    assert back["parent"] is None and back["trashed"] is False


async def test_cannot_create_in_trashed_folder_or_under_a_file(alice: ApiClient) -> None:
    folder = await alice.create("folder", "T")
    await alice.delete(f"/api/drive/items/{folder['id']}")
    response = await alice.post(
        "/api/drive/items", json={"kind": "notebook", "parent": folder["id"]}
    )
    assert response.status_code == 409
    nb = await alice.create("notebook", "n.ipynb")
    under_file = await alice.post(
        "/api/drive/items", json={"kind": "folder", "name": "x", "parent": nb["id"]}
    )
    assert under_file.status_code == 400


async def test_download_notebook_and_folder(alice: ApiClient) -> None:
    nb = await alice.create("notebook", "Données.ipynb")
    response = await alice.get(f"/api/drive/items/{nb['id']}/content")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert "Donn%C3%A9es.ipynb" in response.headers["content-disposition"]
    assert json.loads(response.content)["nbformat"] == 4
    folder = await alice.create("folder", "F")
    assert (await alice.get(f"/api/drive/items/{folder['id']}/content")).status_code == 400


async def test_notebooks_endpoint_refuses_folders_and_files(alice: ApiClient) -> None:
    folder = await alice.create("folder", "F")
    assert (await alice.get(f"/api/notebooks/{folder['id']}")).status_code == 404
    file = (await alice.upload("data.csv", b"a,b\n1,2\n")).json()
    assert (await alice.get(f"/api/notebooks/{file['id']}")).status_code == 404


async def test_unknown_ids_are_404(alice: ApiClient) -> None:
    for path in ("/api/drive/items/nope", "/api/drive/items/nope/path", "/api/notebooks/nope"):
        response = await alice.get(path)
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    listing = await alice.get("/api/drive/items", params={"parent": "nope"})
    assert listing.status_code == 404


async def test_save_a_copy_holds_the_live_document_as_it_is_now(
    alice: ApiClient, bob: ApiClient
) -> None:
    folder = await alice.create("folder", "work")
    upload = await alice.upload(
        "orig.ipynb", notebook_bytes([code_cell("c1", "x = 1")]), parent=folder["id"]
    )
    original = upload.json()
    copy = await alice.post(f"/api/drive/items/{original['id']}/copy", json={})
    assert copy.status_code == 201, copy.text
    made = copy.json()
    assert made["name"] == "Copy of orig.ipynb" and made["parent"] == folder["id"]
    assert made["kind"] == "notebook" and made["id"] != original["id"]
    cells = (await alice.get(f"/api/notebooks/{made['id']}")).json()["cells"]
    assert [c["source"] for c in cells] == ["x = 1"]
    again = await alice.post(f"/api/drive/items/{original['id']}/copy", json={"parent": None})
    assert again.json()["parent"] is None and again.json()["name"] == "Copy of orig.ipynb"


async def test_copying_what_is_not_your_notebook_is_refused(
    alice: ApiClient, bob: ApiClient
) -> None:
    folder = await alice.create("folder", "f")
    refused = await alice.post(f"/api/drive/items/{folder['id']}/copy", json={})
    assert refused.status_code == 400 and error_of(refused)["code"] == "not_a_notebook"
    notebook = await alice.create("notebook")
    assert (await bob.post(f"/api/drive/items/{notebook['id']}/copy", json={})).status_code == 404
    bad = await alice.post(f"/api/drive/items/{notebook['id']}/copy", json={"name": "a/b"})
    assert bad.status_code == 400
