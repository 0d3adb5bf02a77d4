"""Comments live: a change to a thread reaches every socket of the notebook at once, viewers'
included, as a `comments` text frame carrying the whole thread."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.clients import ApiClient
from tests.documents.client import SyncClient, sync_client
from tests.documents.conftest import token_of, upload_notebook
from tests.documents.test_access import share


async def next_comments_frame(client: SyncClient) -> dict[str, Any]:
    async with asyncio.timeout(5):
        while True:
            frame = await client.error_frames.get()
            if frame["type"] == "comments":
                return frame


async def test_comments_reach_open_sockets_live(
    served: str, alice: ApiClient, bob: ApiClient
) -> None:
    nb = await upload_notebook(alice)
    await share(alice, nb, {"bob": "viewer"})
    async with (
        sync_client(served, nb, await token_of(alice)) as a,
        sync_client(served, nb, await token_of(bob)) as b,
    ):
        started = await alice.post(
            f"/api/notebooks/{nb}/comments", json={"cell_id": "c1", "body": "Look here"}
        )
        assert started.status_code == 201, started.text
        thread = started.json()
        for client in (a, b):
            frame = await next_comments_frame(client)
            assert frame["thread"]["id"] == thread["id"]
            assert frame["thread"]["comments"][0]["body"] == "Look here"
            assert frame["thread"]["created_at"] == thread["created_at"].replace("Z", "+00:00")

        await alice.patch(f"/api/notebooks/{nb}/comments/{thread['id']}", json={"resolved": True})
        resolved = await next_comments_frame(b)
        assert resolved["thread"]["resolved"] and resolved["thread"]["resolved_by"] == "alice"
