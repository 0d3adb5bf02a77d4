"""Jupyter sessions (a path bound to a kernel), kept in memory per user as Jupyter Server does."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from dataclasses import dataclass

from collaboratory.errors import NotFound


@dataclass
class KernelSession:
    id: str
    path: str
    name: str
    type: str
    kernel_id: str


class SessionStore:
    def __init__(self) -> None:
        self._sessions: defaultdict[str, dict[str, KernelSession]] = defaultdict(dict)
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def lock(self, user_id: str) -> asyncio.Lock:
        """Held while creating, so two requests for one path end up in one session."""
        return self._locks[user_id]

    def all(self, user_id: str) -> list[KernelSession]:
        return list(self._sessions[user_id].values())

    def get(self, user_id: str, session_id: str) -> KernelSession:
        session = self._sessions[user_id].get(session_id)
        if session is None:
            raise NotFound("There is no such session.", code="no_such_session")
        return session

    def find_path(self, user_id: str, path: str) -> KernelSession | None:
        return next((s for s in self._sessions[user_id].values() if s.path == path), None)

    def add(self, user_id: str, path: str, name: str, type_: str, kernel_id: str) -> KernelSession:
        session = KernelSession(str(uuid.uuid4()), path, name, type_, kernel_id)
        self._sessions[user_id][session.id] = session
        return session

    def remove(self, user_id: str, session_id: str) -> None:
        self._sessions[user_id].pop(session_id, None)

    def uses_kernel(self, user_id: str, kernel_id: str) -> bool:
        return any(s.kernel_id == kernel_id for s in self._sessions[user_id].values())
