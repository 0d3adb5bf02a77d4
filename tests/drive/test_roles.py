"""Roles rank viewer < commenter < editor < owner; a stored role is checked on the way out."""

from __future__ import annotations

import pytest

from collaboratory.drive.roles import at_least, require, shared, strongest
from collaboratory.errors import Forbidden


def test_ranks() -> None:
    assert at_least("editor", "commenter") and not at_least("viewer", "commenter")
    assert not at_least(None, "viewer")
    assert strongest(["viewer", None, "editor", "commenter"]) == "editor"
    assert strongest([None]) is None


def test_too_weak_says_what_to_ask_for() -> None:
    with pytest.raises(Forbidden) as refused:
        require("viewer", "editor")
    assert refused.value.code == "read_only" and "an editor" in refused.value.message
    with pytest.raises(Forbidden) as not_owner:
        require("editor", "owner")
    assert not_owner.value.code == "not_owner"
    with pytest.raises(ValueError):
        shared("owner")
