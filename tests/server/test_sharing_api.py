"""Sharing over HTTP: each role (owner, editor, commenter, viewer, link viewer, guest with the
link, stranger) against every route that touches a shared notebook, and the sharing API itself."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from tests.clients import ApiClient, code_cell, error_of, notebook_bytes
from tests.conftest import ClientFactory
from tests.server.test_execute_api import settled

OK, DENIED, ABSENT = "ok", 403, 404


@dataclass
class Who:
    name: str
    client: ApiClient
    notebook: str
    role: str | None  # None: a stranger


async def signed_up(new_client: ClientFactory, name: str) -> ApiClient:
    c = await new_client()
    await c.signup(name, f"{name} has a good password")
    return c


async def share(
    owner: ApiClient,
    item: str,
    people: dict[str, str],
    link: str | None = None,
    new_owner: str = "alice",
) -> httpx.Response:
    body = {
        "owner": new_owner,
        "people": [{"username": n, "role": r} for n, r in people.items()],
        "link_role": link,
    }
    return await owner.put(f"/api/drive/items/{item}/sharing", json=body)


@pytest.fixture
async def cast(alice: ApiClient, new_client: ClientFactory) -> list[Who]:
    people_nb = (await alice.upload("team.ipynb", notebook_bytes())).json()["id"]
    link_nb = (await alice.upload("public.ipynb", notebook_bytes())).json()["id"]
    clients = {n: await signed_up(new_client, n) for n in ("bob", "carol", "vic", "dave", "eve")}
    shared = await share(alice, people_nb, {"bob": "editor", "carol": "commenter", "vic": "viewer"})
    assert shared.status_code == 200, shared.text
    assert (await share(alice, link_nb, {}, link="viewer")).status_code == 200
    guest = await new_client()
    (await guest.post("/api/auth/guest")).raise_for_status()
    return [
        Who("owner", alice, people_nb, "owner"),
        Who("editor", clients["bob"], people_nb, "editor"),
        Who("commenter", clients["carol"], people_nb, "commenter"),
        Who("viewer", clients["vic"], people_nb, "viewer"),
        Who("link viewer", clients["dave"], link_nb, "viewer"),
        Who("guest with the link", guest, link_nb, "viewer"),
        Who("stranger", clients["eve"], people_nb, None),
    ]


def expect(who: Who, response: httpx.Response, least: str) -> None:
    """What a route that needs ``least`` must answer ``who``."""
    rank = {"viewer": 1, "commenter": 2, "editor": 3, "owner": 4}
    where = f"{who.name}: {response.request.method} {response.request.url.path}"
    if who.role is None:
        assert response.status_code == 404, (where, response.text)
        assert error_of(response)["code"] == "not_found"
    elif rank[who.role] < rank[least]:
        assert response.status_code == 403, (where, response.text)
        assert error_of(response)["code"] in ("read_only", "not_owner")
    else:
        assert response.status_code < 400, (where, response.text)


async def test_every_route_answers_by_role(cast: list[Who]) -> None:
    for who in cast:
        c, nb = who.client, who.notebook
        item = await c.get(f"/api/drive/items/{nb}")
        expect(who, item, "viewer")
        if who.role is not None:
            assert item.json()["role"] == who.role
        for path in ("", "/path", "/content", "/sharing"):
            expect(who, await c.get(f"/api/drive/items/{nb}{path}"), "viewer")
        expect(who, await c.get(f"/api/notebooks/{nb}"), "viewer")
        expect(who, await c.get(f"/api/notebooks/{nb}/revisions"), "viewer")
        copy = await c.post(f"/api/drive/items/{nb}/copy", json={})
        expect(who, copy, "viewer")
        if who.role not in (None, "owner"):  # Save a copy in Drive: mine, at my top
            mine = await c.get(f"/api/drive/items/{copy.json()['id']}")
            assert mine.json()["role"] == "owner" and mine.json()["parent"] is None
        expect(
            who,
            await c.patch(f"/api/drive/items/{nb}", json={"name": f"{who.role}.ipynb"}),
            "editor",
        )
        expect(who, await c.post(f"/api/notebooks/{nb}/revisions", json={}), "editor")
        answer = await c.post(f"/api/notebooks/{nb}/input", json={"value": "x"})
        if who.role in ("owner", "editor"):  # allowed: then told no cell waits for input
            assert error_of(answer)["code"] == "no_input_wanted"
        else:
            expect(who, answer, "editor")
        run = await c.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["nope"]})
        if who.role in ("owner", "editor"):  # allowed: then told the cell does not exist
            assert run.status_code == 404 and "cell" in error_of(run)["message"]
        else:
            expect(who, run, "editor")
        connect = await c.post("/api/runtimes", json={"notebook_id": nb, "runtime_type": "nope"})
        if who.role in ("owner", "editor"):
            assert connect.status_code == 400, connect.text
        else:
            expect(who, connect, "editor")
        expect(who, await c.patch(f"/api/drive/items/{nb}", json={"parent": None}), "owner")
        expect(who, await c.post(f"/api/drive/items/{nb}/restore"), "owner")
        if who.role != "owner":
            expect(who, await c.delete(f"/api/drive/items/{nb}"), "owner")
            expect(
                who, await c.delete(f"/api/drive/items/{nb}", params={"permanent": True}), "owner"
            )
            expect(who, await share(c, nb, {}), "owner")


async def test_link_sharing_and_restricted(
    alice: ApiClient, bob: ApiClient, guest: ApiClient
) -> None:
    nb = (await alice.upload("nb.ipynb", notebook_bytes())).json()["id"]
    assert (await guest.get(f"/api/notebooks/{nb}")).status_code == 404
    assert (await share(alice, nb, {}, link="editor")).status_code == 200
    assert (await guest.get(f"/api/drive/items/{nb}")).json()["role"] == "editor"
    assert (await bob.get("/api/drive/shared")).json() == []  # a link is not a share by name
    assert (await share(alice, nb, {}, link=None)).status_code == 200
    assert (await guest.get(f"/api/notebooks/{nb}")).status_code == 404


async def test_a_folder_shares_what_it_holds(alice: ApiClient, bob: ApiClient) -> None:
    folder = await alice.create("folder", "Team")
    inner = await alice.create("folder", "Inner", parent=folder["id"])
    nb = (await alice.upload("deep.ipynb", notebook_bytes(), parent=inner["id"])).json()["id"]
    assert (await bob.get(f"/api/notebooks/{nb}")).status_code == 404
    assert (await share(alice, folder["id"], {"bob": "viewer"})).status_code == 200
    assert (await share(alice, nb, {"bob": "editor"})).status_code == 200  # more, never less
    listed = (await bob.get("/api/drive/items", params={"parent": folder["id"]})).json()
    assert [(i["name"], i["role"]) for i in listed] == [("Inner", "viewer")]
    deeper = (await bob.get("/api/drive/items", params={"parent": inner["id"]})).json()
    assert [(i["name"], i["role"]) for i in deeper] == [("deep.ipynb", "editor")]
    path = (await bob.get(f"/api/drive/items/{nb}/path")).json()
    assert [p["name"] for p in path] == ["Team", "Inner", "deep.ipynb"]  # not Alice's top
    shared = (await bob.get("/api/drive/shared")).json()
    assert {(i["name"], i["role"]) for i in shared} == {
        ("Team", "viewer"),
        ("deep.ipynb", "editor"),
    }
    # Bob cannot put things into Alice's folder; trashing the folder hides it all from him.
    made = await bob.post("/api/drive/items", json={"kind": "notebook", "parent": folder["id"]})
    assert made.status_code in (403, 404)
    assert (await alice.delete(f"/api/drive/items/{folder['id']}")).status_code == 204
    assert (await bob.get(f"/api/notebooks/{nb}")).status_code == 404
    assert (await bob.get("/api/drive/shared")).json() == []


async def test_sharing_document_and_bad_input(
    alice: ApiClient, bob: ApiClient, guest: ApiClient
) -> None:
    nb = (await alice.upload("nb.ipynb", notebook_bytes())).json()["id"]
    empty = (await alice.get(f"/api/drive/items/{nb}/sharing")).json()
    assert empty == {"owner": "alice", "people": [], "link_role": None}
    set_ = await share(alice, nb, {"BOB": "commenter"}, link="viewer")
    assert set_.json() == {
        "owner": "alice",
        "people": [{"username": "bob", "role": "commenter"}],
        "link_role": "viewer",
    }
    assert (await bob.get(f"/api/drive/items/{nb}/sharing")).json() == set_.json()
    for people, link, code in [
        ({"nobody": "viewer"}, None, "unknown_user"),
        ({"bob": "owner"}, None, None),
        ({}, "admin", None),
    ]:
        bad = await share(alice, nb, people, link=link)
        assert bad.status_code in (400, 422), bad.text
        if code:
            assert error_of(bad)["code"] == code
    twice = await alice.put(
        f"/api/drive/items/{nb}/sharing",
        json={
            "owner": "alice",
            "link_role": None,
            "people": [
                {"username": "bob", "role": "viewer"},
                {"username": "Bob", "role": "editor"},
            ],
        },
    )
    assert error_of(twice)["code"] == "duplicate_person"
    assert (await share(alice, nb, {}, new_owner="nobody")).status_code == 400
    assert (await alice.get(f"/api/drive/items/{nb}/sharing")).json() == set_.json()  # unchanged


async def test_ownership_moves_to_the_new_owners_drive(alice: ApiClient, bob: ApiClient) -> None:
    folder = await alice.create("folder", "Project")
    nb = (await alice.upload("a.ipynb", notebook_bytes(), parent=folder["id"])).json()["id"]
    given = await share(alice, folder["id"], {}, new_owner="bob")
    assert given.json() == {
        "owner": "bob",
        "people": [{"username": "alice", "role": "editor"}],
        "link_role": None,
    }
    assert "Project" in [i["name"] for i in await bob.items()]
    assert (await bob.get(f"/api/drive/items/{nb}")).json()["role"] == "owner"
    assert (await alice.get(f"/api/drive/items/{nb}")).json()["role"] == "editor"
    assert "Project" not in [i["name"] for i in await alice.items()]
    assert (await alice.delete(f"/api/drive/items/{folder['id']}")).status_code == 403
    assert [i["name"] for i in (await alice.get("/api/drive/shared")).json()] == ["Project"]


async def test_an_editor_runs_on_their_own_runtime_into_the_shared_document(
    alice: ApiClient, bob: ApiClient
) -> None:
    cells = [code_cell("a", "x = 6*7; print(x)"), code_cell("b", "print(x)")]
    nb = (await alice.upload("run.ipynb", notebook_bytes(cells))).json()["id"]
    assert (await share(alice, nb, {"bob": "editor"})).status_code == 200
    assert (await alice.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["a"]})).is_success
    assert (await settled(alice, nb, "a"))["outputs"][0]["text"] == "42\n"
    assert (await bob.post(f"/api/notebooks/{nb}/execute", json={"cell_ids": ["b"]})).is_success
    cell = await settled(alice, nb, "b")  # Alice sees Bob's output in the shared document
    assert cell["outputs"][0]["ename"] == "NameError"  # Bob's kernel never ran Alice's cell
    [mine] = (await alice.get("/api/runtimes")).json()
    [his] = (await bob.get("/api/runtimes")).json()
    assert mine["id"] != his["id"] and mine["notebook_id"] == his["notebook_id"] == nb
