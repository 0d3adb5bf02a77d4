"""Comments over HTTP: every role against every comment route, threads with replies, resolve
and reopen, bad input, and comments kept out of the downloaded .ipynb."""

from __future__ import annotations

import json

from tests.clients import ApiClient, error_of
from tests.server.test_sharing_api import Who, cast, expect

__all__ = ["cast"]  # the fixture, used by name


async def test_every_comment_route_answers_by_role(cast: list[Who]) -> None:
    threads: dict[str, str] = {}
    owner = next(w for w in cast if w.role == "owner")
    for who in cast:
        c, nb = who.client, who.notebook
        expect(who, await c.get(f"/api/notebooks/{nb}/comments"), "viewer")
        started = await c.post(f"/api/notebooks/{nb}/comments", json={"cell_id": "c1", "body": "?"})
        expect(who, started, "commenter")
        if started.status_code == 201:
            threads[nb] = started.json()["id"]
    for who in cast:
        c, nb = who.client, who.notebook
        thread = threads.get(nb)
        if thread is None:  # nobody may comment on the link-shared (viewer) notebook
            thread = (
                await owner.client.post(
                    f"/api/notebooks/{nb}/comments", json={"cell_id": "c1", "body": "mine"}
                )
            ).json()["id"]
            threads[nb] = thread
        path = f"/api/notebooks/{nb}/comments/{thread}"
        expect(who, await c.post(f"{path}/replies", json={"body": "a reply"}), "commenter")
        expect(who, await c.patch(path, json={"resolved": True}), "commenter")
        expect(who, await c.patch(path, json={"resolved": False}), "commenter")


async def test_a_thread_with_replies_resolved_and_reopened(
    alice: ApiClient, bob: ApiClient, guest: ApiClient
) -> None:
    nb = (await alice.post("/api/drive/items", json={"kind": "notebook", "name": "c"})).json()
    nb_id = nb["id"]
    cell = (await alice.get(f"/api/notebooks/{nb_id}")).json()["cells"][0]["id"]
    sharing = {"owner": "alice", "people": [{"username": "bob", "role": "commenter"}]}
    put = await alice.put(
        f"/api/drive/items/{nb_id}/sharing", json={**sharing, "link_role": "commenter"}
    )
    assert put.status_code == 200, put.text

    started = await bob.post(
        f"/api/notebooks/{nb_id}/comments", json={"cell_id": cell, "body": "  Why 42?  "}
    )
    assert started.status_code == 201, started.text
    thread = started.json()
    assert thread["cell_id"] == cell and not thread["resolved"]
    assert [(c["author"], c["body"]) for c in thread["comments"]] == [("bob", "Why 42?")]

    path = f"/api/notebooks/{nb_id}/comments/{thread['id']}"
    replied = await guest.post(f"{path}/replies", json={"body": "Because."})
    assert replied.status_code == 201, replied.text
    assert [c["author"] for c in replied.json()["comments"]] == ["bob", "Guest"]

    resolved = (await alice.patch(path, json={"resolved": True})).json()
    assert resolved["resolved"] and resolved["resolved_by"] == "alice"
    assert resolved["resolved_at"] is not None
    reopened = (await bob.patch(path, json={"resolved": False})).json()
    assert not reopened["resolved"] and reopened["resolved_by"] is None

    listed = (await alice.get(f"/api/notebooks/{nb_id}/comments")).json()
    assert [t["id"] for t in listed] == [thread["id"]]
    assert len(listed[0]["comments"]) == 2

    # Kept with the notebook, not in it: the download has no trace of them.
    download = (await alice.get(f"/api/drive/items/{nb_id}/content")).text
    assert "Why 42?" not in download and "Because." not in download
    assert json.loads(download)["cells"][0]["metadata"] == {}


async def test_bad_comments_are_refused_clearly(alice: ApiClient, bob: ApiClient) -> None:
    nb = (await alice.post("/api/drive/items", json={"kind": "notebook", "name": "c"})).json()
    nb_id = nb["id"]
    cell = (await alice.get(f"/api/notebooks/{nb_id}")).json()["cells"][0]["id"]
    url = f"/api/notebooks/{nb_id}/comments"
    empty = await alice.post(url, json={"cell_id": cell, "body": "   "})
    assert empty.status_code == 400 and error_of(empty)["code"] == "empty_comment"
    nowhere = await alice.post(url, json={"cell_id": "no-such-cell", "body": "hi"})
    assert nowhere.status_code == 400 and error_of(nowhere)["code"] == "unknown_cell"
    long = await alice.post(url, json={"cell_id": cell, "body": "x" * 10_001})
    assert long.status_code == 422 or long.status_code == 400
    assert "error" in long.json()
    missing = await alice.patch(f"{url}/nope", json={"resolved": True})
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    # Another notebook's thread is not found through this one.
    other = (await alice.post("/api/drive/items", json={"kind": "notebook", "name": "d"})).json()
    other_cell = (await alice.get(f"/api/notebooks/{other['id']}")).json()["cells"][0]["id"]
    theirs = await alice.post(
        f"/api/notebooks/{other['id']}/comments", json={"cell_id": other_cell, "body": "x"}
    )
    crossed = await alice.post(f"{url}/{theirs.json()['id']}/replies", json={"body": "y"})
    assert crossed.status_code == 404
    # A stranger learns nothing, not even that the notebook exists.
    stranger = await bob.get(url)
    assert stranger.status_code == 404 and error_of(stranger)["code"] == "not_found"
