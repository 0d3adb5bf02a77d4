"""Who is making a request, and how they proved it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from collaboratory.accounts.models import AuthSession, User


@dataclass(frozen=True)
class Principal:
    user: User
    via: Literal["session", "token"]
    session: AuthSession | None = None

    @property
    def user_id(self) -> str:
        return self.user.id
