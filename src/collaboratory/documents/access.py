"""Roles on open sockets: who may change the live document, and what happens when a role changes.

A socket carries its user's role. Anyone who may open a notebook receives its updates and
shares presence; only an editor's (or the owner's) document updates are applied. When sharing
changes, each socket's role is looked up again: a socket whose user lost access is closed, one
whose role changed is told so and treated by its new role from its next message on. A user
an admin disables is shut out the same way: each of their sockets closes as on revocation.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from collaboratory.documents.room import Room
from collaboratory.drive.roles import EDITOR, Role, at_least
from collaboratory.errors import ServiceError

log = logging.getLogger(__name__)
RoleOf = Callable[[str, str], Awaitable[Role]]  # (user_id, notebook_id); NotFound: no access


@runtime_checkable
class Seat(Protocol):
    """A connected editor whose role can change while it is connected."""

    user_id: str
    role: Role

    def regrant(self, role: Role | None) -> None: ...


def may_edit(role: Role) -> bool:
    return at_least(role, EDITOR)


async def recheck_room(room: Room, role_of: RoleOf) -> None:
    for peer in list(room.peers):
        if not isinstance(peer, Seat):
            continue
        role: Role | None
        try:
            role = await role_of(peer.user_id, room.notebook_id)
        except ServiceError:
            role = None
        if role != peer.role:
            log.info("the role of %s on %s is now %s", peer.user_id, room.notebook_id, role)
            peer.regrant(role)


def shut_out(room: Room, user_id: str) -> None:
    """Close the user's sockets on the room as a revocation does (their account was disabled)."""
    for peer in list(room.peers):
        if isinstance(peer, Seat) and peer.user_id == user_id:
            log.info("closing the socket of %s on %s", user_id, room.notebook_id)
            peer.regrant(None)
