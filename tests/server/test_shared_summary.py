"""Drive listings say who an owner's items are shared with (the *shared* icon's names), found
in one query per listing, and never tell a recipient who else has access."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import event

from tests.clients import ApiClient, notebook_bytes
from tests.conftest import ClientFactory
from tests.server.test_sharing_api import share, signed_up


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in items}


async def test_the_owner_sees_who_each_item_is_shared_with(
    app: FastAPI, alice: ApiClient, bob: ApiClient, new_client: ClientFactory
) -> None:
    carol = await signed_up(new_client, "carol")
    team = (await alice.upload("team.ipynb", notebook_bytes())).json()["id"]
    public = (await alice.upload("public.ipynb", notebook_bytes())).json()["id"]
    folder = (await alice.post("/api/drive/items", json={"kind": "folder", "name": "F"})).json()
    await alice.upload("mine.ipynb", notebook_bytes())
    inner = (await alice.upload("inner.ipynb", notebook_bytes(), parent=folder["id"])).json()
    assert (await share(alice, inner["id"], {"carol": "editor"})).status_code == 200
    assert (await share(alice, team, {"carol": "viewer", "bob": "editor"})).status_code == 200
    assert (await share(alice, public, {}, link="commenter")).status_code == 200
    assert (await share(alice, folder["id"], {"bob": "viewer"})).status_code == 200

    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    engine = app.state.services.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        listing = (await alice.get("/api/drive/items")).json()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len([s for s in statements if "drive_shares" in s]) == 1, statements

    items = by_name(listing)
    assert items["team.ipynb"]["shared"] == {
        "people": [{"username": "bob", "role": "editor"}, {"username": "carol", "role": "viewer"}],
        "link_role": None,
    }
    assert items["public.ipynb"]["shared"] == {"people": [], "link_role": "commenter"}
    assert items["F"]["shared"] == {
        "people": [{"username": "bob", "role": "viewer"}],
        "link_role": None,
    }
    assert items["mine.ipynb"]["shared"] == {"people": [], "link_role": None}
    one = (await alice.get(f"/api/drive/items/{team}")).json()
    assert one["shared"] == items["team.ipynb"]["shared"]
    renamed = await alice.patch(f"/api/drive/items/{team}", json={"name": "team2.ipynb"})
    assert renamed.json()["shared"] == items["team.ipynb"]["shared"]

    # Bob and Carol see their role, never who else the item is shared with.
    for recipient in (bob, carol):
        shared = by_name((await recipient.get("/api/drive/shared")).json())
        assert shared["team2.ipynb"]["shared"] is None
        got = (await recipient.get(f"/api/drive/items/{team}")).json()
        assert got["role"] in ("editor", "viewer") and got["shared"] is None
    # Listing a folder shared with Bob does not tell him Carol may edit what is in it.
    inside = (await bob.get("/api/drive/items", params={"parent": folder["id"]})).json()
    assert [(i["name"], i["shared"]) for i in inside] == [("inner.ipynb", None)]
    mine_inside = (await alice.get("/api/drive/items", params={"parent": folder["id"]})).json()
    assert mine_inside[0]["shared"]["people"] == [{"username": "carol", "role": "editor"}]
