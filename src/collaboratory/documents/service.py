"""The documents service the server holds: the store, the rooms, and permission checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from collaboratory.db import Database
from collaboratory.documents.access import recheck_room, shut_out
from collaboratory.documents.convert import render
from collaboratory.documents.fanout import DocumentFanout
from collaboratory.documents.journal import create_document
from collaboratory.documents.replace import replace_content
from collaboratory.documents.room import COMPACT_EVERY, Room
from collaboratory.documents.rooms import IDLE_SECONDS, NotebookJson, Rooms
from collaboratory.documents.store import DocumentStore
from collaboratory.drive.roles import EDITOR, OWNER, VIEWER, Role, require

# (user_id, notebook_id) -> the user's role on the notebook; raises NotFound without one.
Authorize = Callable[[str, str], Awaitable[Role]]


class DocumentService:
    def __init__(
        self,
        db: Database,
        notebook_json: NotebookJson,
        *,
        authorize: Authorize | None = None,
        idle_seconds: float = IDLE_SECONDS,
        compact_every: int = COMPACT_EVERY,
    ) -> None:
        self.store = DocumentStore(db)
        self.rooms = Rooms(
            self.store, notebook_json, idle_seconds=idle_seconds, compact_every=compact_every
        )
        self._authorize = authorize or self._owner_only
        self.fanout: DocumentFanout | None = None
        if not db.is_sqlite:  # replicas may share this database: hear each other's updates
            self.fanout = DocumentFanout(db.url, self.rooms)
            self.rooms.shared = True
            self.rooms.share_presence = self.fanout.share_presence

    async def start(self) -> None:
        if self.fanout is not None:
            self.fanout.start()

    async def _owner_only(self, owner_id: str, notebook_id: str) -> Role:
        await self.rooms.notebook_json(owner_id, notebook_id)  # NotFound when not theirs
        return OWNER

    async def role(self, user_id: str, notebook_id: str) -> Role:
        """The user's role on the notebook (NotFound without one)."""
        return await self._authorize(user_id, notebook_id)

    async def open(self, user_id: str, notebook_id: str, need: Role = VIEWER) -> Room:
        """The live room of a notebook the user may open (NotFound otherwise), with a role of
        at least ``need`` (Forbidden otherwise)."""
        require(await self._authorize(user_id, notebook_id), need)
        return await self.rooms.get(notebook_id, user_id)

    async def recheck_access(self) -> None:
        """After sharing changed: every open socket gets its user's role again, at once."""
        for room in self.rooms.all_loaded().values():
            await recheck_room(room, self.role)

    def shut_out(self, user_id: str) -> None:
        """A disabled user: every socket of theirs closes at once, as on losing access."""
        for room in self.rooms.all_loaded().values():
            shut_out(room, user_id)

    async def create(self, owner_id: str, notebook_id: str) -> None:
        """Import a notebook that just arrived (an upload), so that opening it later only loads.

        The import is the costly part of a first open; upload is where the design puts it.
        A notebook that has its document already keeps it (the store refuses a second)."""
        notebook = await self.rooms.notebook_json(owner_id, notebook_id)
        await create_document(self.store, notebook_id, notebook)

    async def notebook(self, owner_id: str, notebook_id: str) -> dict[str, Any]:
        """The live document as nbformat 4 JSON (``GET /api/notebooks/{id}``)."""
        return (await self.open(owner_id, notebook_id)).export()

    async def replace(self, user_id: str, notebook_id: str, nb: dict[str, Any]) -> dict[str, Any]:
        """Make the live document ``nb`` by changing what differs (a save from a Jupyter
        client); stored, and so sent to connected editors, before this returns."""
        room = await self.open(user_id, notebook_id, EDITOR)
        async with room.hold() as ynotebook:
            replace_content(ynotebook, nb)
            await room.flush()
            return room.export()

    async def ipynb(self, owner_id: str, notebook_id: str) -> str:
        """The live document as ``.ipynb`` text, for download."""
        return render(await self.notebook(owner_id, notebook_id))

    async def close(self) -> None:
        if self.fanout is not None:
            await self.fanout.close()
        await self.rooms.close()
