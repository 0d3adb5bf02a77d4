"""One user never reaches another user's items: every route answers 404, as for no item."""

from __future__ import annotations

from typing import Any

from tests.clients import ApiClient, error_of, notebook_bytes


async def alice_things(alice: ApiClient) -> dict[str, Any]:
    folder = await alice.create("folder", "Secret")
    notebook = await alice.create("notebook", "plans.ipynb", parent=folder["id"])
    file = (await alice.upload("data.csv", b"secret,data\n", parent=folder["id"])).json()
    upload = (await alice.post("/api/drive/uploads", json={"name": "u.bin", "size": 10})).json()
    trashed = await alice.create("notebook", "old.ipynb")
    await alice.delete(f"/api/drive/items/{trashed['id']}")
    return {
        "folder": folder,
        "notebook": notebook,
        "file": file,
        "upload": upload,
        "trashed": trashed,
    }


async def test_every_route_on_another_users_items_is_404(alice: ApiClient, bob: ApiClient) -> None:
    things = await alice_things(alice)
    folder, upload = things["folder"]["id"], things["upload"]["id"]
    item_ids = [things[k]["id"] for k in ("folder", "notebook", "file", "trashed")]
    attempts = []
    for item in item_ids:
        attempts += [
            await bob.get(f"/api/drive/items/{item}"),
            await bob.get(f"/api/drive/items/{item}/path"),
            await bob.get(f"/api/drive/items/{item}/content"),
            await bob.get(f"/api/notebooks/{item}"),
            await bob.patch(f"/api/drive/items/{item}", json={"name": "pwned"}),
            await bob.patch(f"/api/drive/items/{item}", json={"parent": None}),
            await bob.post(f"/api/drive/items/{item}/restore"),
            await bob.delete(f"/api/drive/items/{item}"),
            await bob.delete(f"/api/drive/items/{item}", params={"permanent": "true"}),
        ]
    bob_home = (await bob.items())[0]
    attempts += [
        await bob.get("/api/drive/items", params={"parent": folder}),
        await bob.post("/api/drive/items", json={"kind": "notebook", "parent": folder}),
        await bob.post("/api/drive/items", json={"kind": "folder", "name": "x", "parent": folder}),
        await bob.upload("x.ipynb", notebook_bytes(), parent=folder),
        await bob.post("/api/drive/uploads", json={"name": "x", "size": 1, "parent": folder}),
        await bob.patch(f"/api/drive/items/{bob_home['id']}", json={"parent": folder}),
        await bob.get(f"/api/drive/uploads/{upload}"),
        await bob.put(f"/api/drive/uploads/{upload}", params={"offset": 0}, content=b"x"),
        await bob.delete(f"/api/drive/uploads/{upload}"),
    ]
    for response in attempts:
        assert response.status_code == 404, (
            response.request.method,
            response.request.url,
            response.text,
        )
        assert error_of(response)["code"] == "not_found"
    # Nothing of Alice's changed, and Bob's listings never show her items.
    assert [i["name"] for i in await alice.items(folder)] == ["data.csv", "plans.ipynb"]
    trash = (await alice.get("/api/drive/items", params={"trashed": "true"})).json()
    assert [i["id"] for i in trash] == [things["trashed"]["id"]]
    assert (await alice.get(f"/api/drive/uploads/{upload}")).status_code == 200
    bob_sees = [i["id"] for i in await bob.items()]
    bob_sees += [
        i["id"] for i in (await bob.get("/api/drive/items", params={"trashed": "true"})).json()
    ]
    assert not set(bob_sees) & set(item_ids)


async def test_anonymous_requests_are_401(client: ApiClient) -> None:
    for method, path in [
        ("GET", "/api/drive/items"),
        ("POST", "/api/drive/items"),
        ("GET", "/api/drive/items/x"),
        ("POST", "/api/drive/upload"),
        ("GET", "/api/notebooks/x"),
        ("GET", "/api/tokens"),
    ]:
        response = await client.request(method, path)
        assert response.status_code == 401, (method, path)
        assert error_of(response)["code"] == "not_authenticated"
