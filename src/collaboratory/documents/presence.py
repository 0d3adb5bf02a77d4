"""Awareness (presence, cursors) of one room: relayed between clients, dropped when one leaves."""

from __future__ import annotations

from typing import Any

from pycrdt import Awareness, Doc, create_awareness_message, read_message


class InvalidAwareness(ValueError):
    """A client sent bytes that are not an awareness update."""


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

    def apply(self, peer: object, message: bytes) -> None:
        """Apply an awareness message (``[1, len, update]``) that ``peer`` sent."""
        self._owned.setdefault(peer, set())
        try:
            self.awareness.apply_awareness_update(read_message(message[1:]), peer)
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
