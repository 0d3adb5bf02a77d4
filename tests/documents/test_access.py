"""Roles on the sync socket, over the real websocket: a viewer's or commenter's document updates
are refused and stored nowhere, presence still flows, and a change of sharing reaches sockets
that are already open (closed on revocation, switched to read-only on a downgrade)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from pycrdt import Doc, create_sync_message, create_update_message
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from collaboratory.documents.convert import Notebook
from collaboratory.documents.service import DocumentService
from tests.clients import ApiClient
from tests.conftest import ClientFactory
from tests.documents.client import SyncClient, append_source, eventually, sync_client
from tests.documents.conftest import token_of, upload_notebook


async def share(alice: ApiClient, nb: str, people: dict[str, str], link: str | None = None) -> None:
    body = {
        "owner": "alice",
        "people": [{"username": n, "role": r} for n, r in people.items()],
        "link_role": link,
    }
    response = await alice.put(f"/api/drive/items/{nb}/sharing", json=body)
    assert response.status_code == 200, response.text


async def stored(app: FastAPI, nb: str) -> tuple[int, dict[str, object]]:
    documents: DocumentService = app.state.services.documents
    room = documents.rooms.loaded(nb)
    assert room is not None
    return (await documents.store.load(nb)).seq, room.export()


async def test_a_viewers_crafted_update_is_refused_and_stored_nowhere(
    app: FastAPI, served: str, alice: ApiClient, bob: ApiClient
) -> None:
    nb = await upload_notebook(alice)
    await share(alice, nb, {"bob": "viewer"})
    url = served.replace("http", "ws") + f"/api/notebooks/{nb}/sync"
    headers = {"Authorization": f"Bearer {await token_of(bob)}"}
    async with sync_client(served, nb, await token_of(alice)) as witness:
        before = await stored(app, nb)
        async with connect(url, additional_headers=headers) as ws:
            # An attacker's own document: a cell appended and the first one rewritten, sent
            # both as a sync update and as a SyncStep2, over the raw socket.
            doc: Doc[Any] = Doc()
            Notebook(doc).append_cell({"cell_type": "code", "source": "import os", "metadata": {}})
            attack = doc.get_update()
            await ws.send(create_update_message(attack))
            await ws.send(b"\x00\x01" + create_update_message(attack)[2:])
            await ws.send(create_sync_message(doc))  # and the ack: answered after the above
            frames: list[dict[str, Any]] = []
            async with asyncio.timeout(5):
                while len(frames) < 2:
                    message = await ws.recv()
                    if isinstance(message, str):
                        frames.append(json.loads(message))
            assert {f["error"]["code"] for f in frames} == {"read_only"}
        await witness.ack()
        assert await stored(app, nb) == before
        assert len(witness.notebook()["cells"]) == 1
    assert (await alice.get(f"/api/notebooks/{nb}")).json()["cells"][0]["source"] == "print(6*7)"


async def test_viewers_share_presence_and_see_edits_but_cannot_run(
    served: str, alice: ApiClient, bob: ApiClient
) -> None:
    nb = await upload_notebook(alice)
    await share(alice, nb, {"bob": "commenter"})
    async with (
        sync_client(served, nb, await token_of(alice)) as a,
        sync_client(served, nb, await token_of(bob)) as b,
    ):
        await b.set_presence({"user": {"name": "bob"}})
        await eventually(lambda: {"user": {"name": "bob"}} in a.others().values())
        append_source(a.ynotebook, "\n# by alice")
        await a.ack()
        await eventually(lambda: b.notebook() == a.notebook())
        reply = await b.request("execute", cell_ids=["c1"])
        assert reply["ok"] is False and reply["error"]["code"] == "read_only"


async def test_revocation_closes_and_a_downgrade_turns_read_only_at_once(
    app: FastAPI, served: str, alice: ApiClient, bob: ApiClient, new_client: ClientFactory
) -> None:
    carol = await new_client()
    await carol.signup("carol", "carol's fine password")
    nb = await upload_notebook(alice)
    await share(alice, nb, {"bob": "editor", "carol": "editor"})
    async with (
        sync_client(served, nb, await token_of(alice)) as a,
        sync_client(served, nb, await token_of(bob)) as b,
        sync_client(served, nb, await token_of(carol)) as c,
    ):
        append_source(b.ynotebook, "\n# bob edits")
        await b.ack()
        await eventually(lambda: "# bob edits" in a.notebook()["cells"][0]["source"])

        started = asyncio.get_running_loop().time()
        await share(alice, nb, {"bob": "viewer"})  # Carol is removed, Bob downgraded
        async with asyncio.timeout(1):
            frame = await b.error_frames.get()
        assert frame == {"type": "access", "role": "viewer"}
        try:
            async with asyncio.timeout(1):
                await c.ws.wait_closed()
        except TimeoutError as exc:
            raise AssertionError("the revoked socket stayed open") from exc
        assert c.ws.close_code == 1008
        assert asyncio.get_running_loop().time() - started < 1

        seq = (await stored(app, nb))[0]
        append_source(b.ynotebook, "\n# after the downgrade")
        await b.ack()
        assert (await b.error_frames.get())["error"]["code"] == "read_only"
        assert (await stored(app, nb))[0] == seq
        assert "after the downgrade" not in a.notebook()["cells"][0]["source"]

        await share(alice, nb, {"bob": "editor"})  # and back: Bob edits again
        assert (await b.error_frames.get()) == {"type": "access", "role": "editor"}
        async with sync_client(served, nb, await token_of(bob)) as b2:  # without the refused
            append_source(b2.ynotebook, "\n# again")
            await b2.ack()
        await eventually(lambda: "# again" in a.notebook()["cells"][0]["source"])


@asynccontextmanager
async def cookie_client(served: str, nb: str, browser: ApiClient) -> AsyncIterator[SyncClient]:
    """A sync client signed in as a browser is: the session cookie, from the site's own page."""
    url = served.replace("http", "ws", 1) + f"/api/notebooks/{nb}/sync"
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    ws = await connect(url, additional_headers={"Cookie": cookie, "Origin": served})
    client = SyncClient(ws)
    try:
        await client.ack()
        yield client
    finally:
        await client.close()


async def test_a_guest_with_the_link_opens_it_read_only(
    served: str, alice: ApiClient, guest: ApiClient
) -> None:
    nb = await upload_notebook(alice)
    try:
        async with cookie_client(served, nb, guest):
            raise AssertionError("a stranger's handshake was accepted")
    except InvalidStatus as exc:
        assert exc.response.status_code == 404
    await share(alice, nb, {}, link="viewer")
    async with cookie_client(served, nb, guest) as g:
        assert g.notebook()["cells"][0]["source"] == "print(6*7)"
        append_source(g.ynotebook, "# guest")
        await g.ack()
        assert (await g.error_frames.get())["error"]["code"] == "read_only"
        await share(alice, nb, {}, link=None)
        async with asyncio.timeout(1):
            await g.ws.wait_closed()
    assert (await alice.get(f"/api/notebooks/{nb}")).json()["cells"][0]["source"] == "print(6*7)"


async def test_disabling_a_user_closes_their_open_sockets_at_once(
    app: FastAPI, served: str, alice: ApiClient, bob: ApiClient, new_client: ClientFactory
) -> None:
    await app.state.services.accounts.create_user("root", "root's good password", is_admin=True)
    root = await new_client()
    (await root.login("root", "root's good password")).raise_for_status()
    shared_nb = await upload_notebook(alice)
    own_nb = await upload_notebook(bob)
    await share(alice, shared_nb, {"bob": "editor"})
    bob_id = (await bob.get("/api/me")).json()["id"]
    async with (
        sync_client(served, shared_nb, await token_of(alice)) as a,
        sync_client(served, shared_nb, await token_of(bob)) as b,
        cookie_client(served, own_nb, bob) as b_own,
    ):
        started = asyncio.get_running_loop().time()
        disabled = await root.patch(f"/api/admin/users/{bob_id}", json={"disabled": True})
        assert disabled.status_code == 200 and disabled.json()["disabled"], disabled.text
        try:
            async with asyncio.timeout(1):
                await b.ws.wait_closed()
                await b_own.ws.wait_closed()
        except TimeoutError as exc:
            raise AssertionError("a disabled user's socket stayed open") from exc
        assert asyncio.get_running_loop().time() - started < 1
        assert b.ws.close_code == 1008 and b_own.ws.close_code == 1008
        append_source(a.ynotebook, "\n# alice still edits")  # her socket is untouched
        await a.ack()
        assert (
            "# alice still edits"
            in (await alice.get(f"/api/notebooks/{shared_nb}")).json()["cells"][0]["source"]
        )
