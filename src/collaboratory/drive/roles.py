"""Roles on a Drive item, weakest first: what each may do is decided by its rank."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, cast

from collaboratory.errors import Forbidden

Role = Literal["viewer", "commenter", "editor", "owner"]
SharedRole = Literal["viewer", "commenter", "editor"]  # what can be given; owner is transferred

VIEWER: Role = "viewer"
COMMENTER: Role = "commenter"
EDITOR: Role = "editor"
OWNER: Role = "owner"
SHARED_ROLES: tuple[SharedRole, ...] = ("viewer", "commenter", "editor")
_RANK: dict[str, int] = {"viewer": 1, "commenter": 2, "editor": 3, "owner": 4}


def shared(stored: str) -> SharedRole:
    """A role as stored in the database, checked."""
    if stored not in SHARED_ROLES:
        raise ValueError(f"not a role one can be given: {stored!r}")
    return stored


def at_least(role: str | None, needed: str) -> bool:
    """Whether ``role`` (None: no access) allows what ``needed`` allows."""
    return role is not None and _RANK[role] >= _RANK[needed]


def strongest(roles: Iterable[str | None]) -> Role | None:
    """The strongest of some roles; None when there are none."""
    given = [role for role in roles if role is not None]
    return cast(Role, max(given, key=_RANK.__getitem__)) if given else None


def too_weak(role: Role, needed: Role) -> Forbidden:
    """The answer to someone who may open an item but not do this with it."""
    if needed == OWNER:
        return Forbidden("Only the owner can do this.", code="not_owner")
    article = "an" if needed[0] in "aeiou" else "a"
    return Forbidden(
        f"You are a {role} here: ask the owner to make you {article} {needed}.", code="read_only"
    )


def require(role: Role, needed: Role) -> Role:
    """``role`` when it allows what ``needed`` allows; Forbidden otherwise."""
    if not at_least(role, needed):
        raise too_weak(role, needed)
    return role
