"""Presence is tied to the signed-in user by the server: a client cannot take another's name,
nor change or remove another person's cursor, over the raw socket."""

from __future__ import annotations

from pycrdt import Awareness, Doc, create_awareness_message

from tests.clients import ApiClient
from tests.documents.client import eventually, sync_client
from tests.documents.conftest import token_of, upload_notebook
from tests.documents.test_access import share


async def test_presence_carries_the_server_given_name_and_cannot_be_forged(
    served: str, alice: ApiClient, bob: ApiClient
) -> None:
    nb = await upload_notebook(alice)
    await share(alice, nb, {"bob": "viewer"})
    async with (
        sync_client(served, nb, await token_of(alice)) as a,
        sync_client(served, nb, await token_of(bob)) as b,
    ):
        await a.set_presence({"user": {"name": "alice", "color": "#f00"}, "cell": "c1"})
        await eventually(lambda: len(b.others()) == 1)
        # Bob claims to be Alice: the others see him as bob, his colour and cell kept.
        await b.set_presence({"user": {"name": "alice", "color": "#00f"}, "cell": "c1"})
        await eventually(lambda: len(a.others()) == 1)
        (seen,) = a.others().values()
        assert seen == {"user": {"name": "bob", "color": "#00f"}, "cell": "c1"}

        # Bob writes a state for Alice's own awareness client id: it is dropped.
        forged: Awareness = Awareness(Doc())
        forged.client_id = a.awareness.client_id
        forged.set_local_state({"user": {"name": "alice"}, "cell": "elsewhere"})
        clock_ahead = forged.encode_awareness_update([forged.client_id])
        await b.ws.send(create_awareness_message(clock_ahead))
        forged.set_local_state(None)  # and tries to make her vanish
        await b.ws.send(
            create_awareness_message(forged.encode_awareness_update([a.awareness.client_id]))
        )
        await b.set_presence({"user": {"name": "bob"}, "cell": "c2"})  # a marker after them
        await eventually(lambda: a.others().get(b.awareness.client_id, {}).get("cell") == "c2")
        alice_as_bob_sees = b.others()[a.awareness.client_id]
        assert alice_as_bob_sees == {"user": {"name": "alice", "color": "#f00"}, "cell": "c1"}
        async with sync_client(served, nb, await token_of(alice)) as newcomer:
            await eventually(lambda: len(newcomer.others()) == 2)
            assert newcomer.others()[a.awareness.client_id]["cell"] == "c1"
