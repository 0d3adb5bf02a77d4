"""Editors on different replicas converge, and SIGKILL of a replica loses no acknowledged edit."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from tests.clients import ApiClient, notebook_bytes
from tests.documents.client import SyncClient, append_source, eventually, sync_client
from tests.documents.conftest import token_of, upload_notebook
from tests.replicas.conftest import Replicas
from tests.replicas.nginx import REPLICA_HEADER


def replica_of(editor: SyncClient) -> str:
    response = editor.ws.response
    assert response is not None
    # nginx lists every replica it tried: a dead one first, then the one that answered
    return str(response.headers[REPLICA_HEADER]).split(", ")[-1]


@asynccontextmanager
async def editor_on(
    replicas: Replicas, notebook_id: str, token: str, avoid: str | None = None
) -> AsyncIterator[SyncClient]:
    """An editor connected through the load balancer, to a replica other than ``avoid``."""
    for _ in range(10):
        async with contextlib.AsyncExitStack() as stack:
            editor = await stack.enter_async_context(sync_client(replicas.url, notebook_id, token))
            if replica_of(editor) != avoid:
                yield editor
                return
    raise AssertionError("the load balancer kept sending editors to one replica")


@asynccontextmanager
async def two_editors(
    replicas: Replicas, notebook_id: str, token: str
) -> AsyncIterator[tuple[SyncClient, SyncClient]]:
    """Editors of one notebook on different replicas."""
    async with contextlib.AsyncExitStack() as stack:
        ada = await stack.enter_async_context(editor_on(replicas, notebook_id, token))
        bob = await stack.enter_async_context(
            editor_on(replicas, notebook_id, token, avoid=replica_of(ada))
        )
        assert replica_of(ada) != replica_of(bob)
        yield ada, bob


def source(editor: SyncClient) -> str:
    return str(editor.notebook()["cells"][0]["source"])


async def setup_notebook(replicas: Replicas) -> tuple[str, str]:
    async with ApiClient(base_url=replicas.url) as c:
        await c.signup("ada", "a long password")
        notebook_id = await upload_notebook(c, notebook_bytes())
        # The login works on every replica: its requests were spread over both.
        for _ in range(4):
            assert (await c.get(f"/api/notebooks/{notebook_id}")).status_code == 200
        return notebook_id, await token_of(c)


async def edit(editor: SyncClient, name: str, count: int) -> list[str]:
    """Acknowledged edits: each stored before it is counted."""
    done = []
    for i in range(count):
        line = f"\n# {name} {i}"
        append_source(editor.ynotebook, line)
        await editor.ack()
        done.append(line)
    return done


async def test_editors_on_two_replicas_converge(replicas: Replicas) -> None:
    notebook_id, token = await setup_notebook(replicas)
    async with two_editors(replicas, notebook_id, token) as (ada, bob):
        # Typing at the same time on both: each sees the other's lines, in one order.
        lines = [*await edit(ada, "ada", 5), *await edit(bob, "bob", 5)]
        lines += await edit(ada, "ada late", 3)
        await eventually(lambda: source(ada) == source(bob), within=10)
        assert all(line in source(ada) for line in lines)
        # Presence travels too: who is here, whichever replica they are on.
        await bob.set_presence({"cursor": {"cell": 0}})
        await eventually(lambda: any(s.get("cursor") for s in ada.others().values()), within=10)


@pytest.mark.parametrize("victim", ["first", "second"])
async def test_sigkill_of_a_replica_loses_no_acknowledged_edit(
    replicas: Replicas, victim: str
) -> None:
    notebook_id, token = await setup_notebook(replicas)
    async with two_editors(replicas, notebook_id, token) as (ada, bob):
        acked = [*await edit(ada, "ada", 10), *await edit(bob, "bob", 10)]
        doomed, survivor = (ada, bob) if victim == "first" else (bob, ada)
        acked += await edit(doomed, "doomed", 5)
        append_source(doomed.ynotebook, "\n# never acknowledged")
        await doomed.flush()
        replicas.by_address(replica_of(doomed)).kill()

        # The editor on the surviving replica has every acknowledged line, and goes on.
        await eventually(lambda: all(line in source(survivor) for line in acked), within=10)
        acked += await edit(survivor, "after", 3)
        # An editor reconnecting through the load balancer reaches the survivor.
        async with sync_client(replicas.url, notebook_id, token) as back:
            assert replica_of(back) == replica_of(survivor)
            assert all(line in source(back) for line in acked)
            assert source(back).count("# after 2") == 1  # nothing applied twice
            await eventually(lambda: source(back) == source(survivor), within=10)
