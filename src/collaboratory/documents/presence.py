"""Awareness (presence, cursors) of one room: relayed between clients, dropped when one leaves.

Who a presence says it is comes from the server, not the client: each state a connection sends
has its ``user.name`` set to the signed-in user's name (the client keeps its colour and cursor),
and a connection can change only the awareness client ids it introduced itself or its own
user's other connections did, never another person's. So one person cannot show up under
another's name, nor move or remove their cursor.
"""

from __future__ import annotations

import json
from typing import Any

from pycrdt import Awareness, Decoder, Doc, create_awareness_message, read_message, write_var_uint


class InvalidAwareness(ValueError):
    """A client sent bytes that are not an awareness update."""


def _varstring(text: str) -> bytes:
    data = text.encode()
    return write_var_uint(len(data)) + data


def _stamped_state(state: str, name: str) -> str:
    """The client's state JSON with its user's name set by the server."""
    value = json.loads(state)
    if value is None:
        return state
    if not isinstance(value, dict):
        raise InvalidAwareness("an awareness state must be an object or null")
    user = value.get("user")
    user = {k: v for k, v in user.items() if isinstance(v, str)} if isinstance(user, dict) else {}
    value["user"] = {**user, "name": name}
    return json.dumps(value, separators=(",", ":"))


class Presence:
    def __init__(self, doc: Doc[Any]) -> None:
        self.awareness = Awareness(doc)
        self.awareness.set_local_state(None)  # the server itself is nobody's collaborator
        self._owned: dict[object, set[int]] = {}  # peer -> the awareness client ids it sent
        self.awareness.observe(self._on_change)

    def _on_change(self, topic: str, change: tuple[dict[str, Any], Any]) -> None:
        if topic != "change":
            return
        ids, origin = change
        if origin in self._owned:
            self._owned[origin].update(ids["added"], ids["updated"])
            self._owned[origin].difference_update(ids["removed"])

    def _stamp(self, peer: object, update: bytes, name: str) -> bytes:
        """The update with every state named ``name``, less the states of others' client ids."""
        decoder = Decoder(update)
        # Another person's ids are theirs; one's own (a reconnect before the old socket
        # is gone) may be taken over.
        me = getattr(peer, "user_id", None)
        taken = {
            i
            for other, ids in self._owned.items()
            if other is not peer and (me is None or getattr(other, "user_id", None) != me)
            for i in ids
        }
        entries: list[bytes] = []
        for _ in range(decoder.read_var_uint()):
            client, clock = decoder.read_var_uint(), decoder.read_var_uint()
            state = decoder.read_message()
            if state is None:
                raise InvalidAwareness("an awareness entry without its state")
            if client in taken:
                continue
            text = _stamped_state(state.decode(), name)
            entries.append(write_var_uint(client) + write_var_uint(clock) + _varstring(text))
        return write_var_uint(len(entries)) + b"".join(entries)

    def apply(self, peer: object, message: bytes, name: str) -> bytes | None:
        """Apply an awareness message (``[1, len, update]``) that ``peer``, signed in as ``name``,
        sent; the message to pass on to the others (None: nothing left to pass on)."""
        self._owned.setdefault(peer, set())
        try:
            update = self._stamp(peer, read_message(message[1:]), name)
            if update == write_var_uint(0):
                return None
            self.awareness.apply_awareness_update(update, peer)
        except InvalidAwareness:
            raise
        except (ValueError, IndexError, RuntimeError, AssertionError, AttributeError) as exc:
            raise InvalidAwareness(f"not an awareness update ({exc})") from exc
        return create_awareness_message(update)

    def apply_elsewhere(self, message: bytes) -> None:
        """An awareness message a client of another replica sent (stamped there already)."""
        try:
            self.awareness.apply_awareness_update(read_message(message[1:]), "elsewhere")
        except (ValueError, IndexError, RuntimeError, AssertionError, AttributeError) as exc:
            raise InvalidAwareness(f"not an awareness update ({exc})") from exc

    def snapshot(self) -> bytes | None:
        """Everyone's current state, for a client that just joined."""
        ids = list(self.awareness.states)
        if not ids:
            return None
        return create_awareness_message(self.awareness.encode_awareness_update(ids))

    def forget(self, peer: object) -> bytes | None:
        """Drop the states a departing peer announced; the message telling the others."""
        ids = sorted(self._owned.pop(peer, set()))
        if not ids:
            return None
        self.awareness.remove_awareness_states(ids, peer)
        return create_awareness_message(self.awareness.encode_awareness_update(ids))
