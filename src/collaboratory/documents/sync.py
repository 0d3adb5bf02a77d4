"""y-protocols sync and awareness over one websocket, for one room.

Messages of a connection are handled in order, so a client knows its updates are stored
once the server answers a SyncStep1 it sent after them: that answer is the acknowledgement.
A connection whose user may not edit (see access.py) has its document updates refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Protocol

from pycrdt import (
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    read_message,
)
from starlette.types import Message
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from collaboratory.documents.access import may_edit
from collaboratory.documents.presence import InvalidAwareness
from collaboratory.documents.room import EMPTY_UPDATE, InvalidUpdate, Room
from collaboratory.drive.roles import OWNER, Role

log = logging.getLogger(__name__)

INVALID_DATA = 1007  # RFC 6455: a message the endpoint cannot make sense of
POLICY_VIOLATION = 1008
UNSUPPORTED = 1003
INTERNAL_ERROR = 1011
TRY_AGAIN_LATER = 1013


class ProtocolError(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Control(Protocol):
    """Handles a connection's text frames (JSON requests beside the y-protocols frames)."""

    async def handle(self, text: str) -> None: ...

    def close(self) -> None: ...


ControlFactory = Callable[[Callable[[str], None]], Control]  # given a way to send text frames


class Connection:
    """One client of a room; outgoing messages go through a queue so the room never waits.

    A client that falls ``max_backlog_bytes`` behind (it stopped reading, or reads slower
    than the room changes) is disconnected rather than buffered without end; an editor
    reconnects and its sync brings it up to date.
    """

    max_backlog_bytes = 64 * 1024 * 1024
    drop_close_seconds = 1.0  # a client that does not read may never take the close frame

    def __init__(
        self,
        websocket: WebSocket,
        room: Room,
        control: ControlFactory | None = None,
        *,
        user_id: str = "",
        user_name: str = "Someone",
        role: Role = OWNER,
    ) -> None:
        self.websocket = websocket
        self.room = room
        self.user_id = user_id
        self.user_name = user_name  # what others see this connection's presence named
        self.role = role
        self._outgoing: asyncio.Queue[bytes | str] = asyncio.Queue()
        self._backlog = 0
        self._sender: asyncio.Task[None] | None = None
        # Set to the close code and reason when the server ends this connection.
        self._dropped: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()
        self._control = control(self.send_text) if control is not None else None

    def regrant(self, role: Role | None) -> None:
        """Sharing changed: with no role left the socket closes, otherwise the client hears its
        new role and is treated by it from now on."""
        if role is None:
            if not self._dropped.done():
                reason = "You no longer have access to this notebook."
                self._dropped.set_result((POLICY_VIOLATION, reason))
            return
        self.role = role
        self.send_text(json.dumps({"type": "access", "role": role}))

    def send(self, message: bytes) -> None:
        self._enqueue(message)

    def send_text(self, message: str) -> None:
        self._enqueue(message)

    def _enqueue(self, message: bytes | str) -> None:
        if self._dropped.done():
            return
        self._backlog += len(message)
        if self._backlog <= self.max_backlog_bytes:
            self._outgoing.put_nowait(message)
            return
        notebook, limit = self.room.notebook_id, self.max_backlog_bytes
        log.warning("dropping a sync client of %s: over %d bytes behind", notebook, limit)
        self._outgoing = asyncio.Queue()  # the backlog goes; a reconnect resyncs
        if self._sender is not None:
            self._sender.cancel()  # it may be waiting on a client that does not read
        self._dropped.set_result(
            (TRY_AGAIN_LATER, "This editor fell behind; reconnect to catch up.")
        )

    async def _send_queued(self) -> None:
        while True:
            message = await self._outgoing.get()
            if isinstance(message, str):
                await self.websocket.send_text(message)
            else:
                await self.websocket.send_bytes(message)
            self._backlog -= len(message)

    async def _receive(self) -> Message | None:
        """The client's next message; None once it has been dropped for falling behind."""
        receiving = asyncio.ensure_future(self.websocket.receive())
        try:
            await asyncio.wait((receiving, self._dropped), return_when=asyncio.FIRST_COMPLETED)
        except BaseException:  # this connection's task is cancelled: leave nothing running
            receiving.cancel()
            raise
        if receiving.done():
            return receiving.result()
        receiving.cancel()
        return None

    async def serve(self) -> None:
        """Run the connection until the client leaves, breaks the protocol or falls behind."""
        room = self.room
        room.join(self)
        self._sender = sender = asyncio.create_task(self._send_queued())
        try:
            self.send(create_sync_message(room.doc))
            presence = room.presence.snapshot()
            if presence is not None:
                self.send(presence)
            while True:
                received = await self._receive()
                if received is None:
                    await self._close_dropped()
                    break
                if received["type"] == "websocket.disconnect":
                    break
                data = received.get("bytes")
                if data is not None:
                    await self.handle(data)
                elif self._control is not None:
                    await self._control.handle(received.get("text") or "")
                else:
                    raise ProtocolError(UNSUPPORTED, "Send y-protocols messages as binary frames.")
        except ProtocolError as exc:
            await self._close(exc.code, exc.reason)
        except WebSocketDisconnect:
            pass
        except Exception:  # the store failed, say: this client is not acknowledged
            log.exception("sync connection to %s failed", room.notebook_id)
            await self._close(INTERNAL_ERROR, "The server could not store this change.")
        finally:
            room.leave(self)
            if self._control is not None:
                self._control.close()
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender

    async def _close_dropped(self) -> None:
        code, reason = self._dropped.result()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._close(code, reason), self.drop_close_seconds)

    async def handle(self, message: bytes) -> None:
        if len(message) < 2:
            raise ProtocolError(INVALID_DATA, "Malformed message: too short.")
        kind = message[0]
        if kind == YMessageType.SYNC:
            await self._handle_sync(message)
        elif kind == YMessageType.AWARENESS:
            try:
                stamped = self.room.presence.apply(self, message, self.user_name)
            except InvalidAwareness as exc:
                raise ProtocolError(INVALID_DATA, "Malformed awareness message.") from exc
            if stamped is not None:
                self.room.broadcast_awareness(stamped, self)
        else:
            raise ProtocolError(UNSUPPORTED, f"Unknown message type {kind}.")

    async def _handle_sync(self, message: bytes) -> None:
        step = message[1]
        try:
            if step == YSyncMessageType.SYNC_STEP1:
                reply = await self.room.answer_sync_step1(message[1:])
                if reply is not None:
                    self.send(reply)
                return
            if step not in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
                raise ProtocolError(UNSUPPORTED, f"Unknown sync message type {step}.")
            update = read_message(message[2:])
            if not may_edit(self.role):
                self._refuse(update)
                return
            await self.room.apply_client_update(update, self)
        except (InvalidUpdate, ValueError, IndexError, AssertionError) as exc:
            raise ProtocolError(INVALID_DATA, "Malformed sync message.") from exc

    def _refuse(self, update: bytes) -> None:
        """A viewer's or commenter's change is neither stored nor passed on; the client is told
        (an empty update, the answer to the server's own SyncStep1, is no change at all)."""
        if update == EMPTY_UPDATE:
            return
        log.info("refused a document update to %s from %s", self.room.notebook_id, self.role)
        message = f"You are a {self.role} here: your changes to the notebook are not saved."
        self.send_text(
            json.dumps({"type": "error", "error": {"code": "read_only", "message": message}})
        )

    async def _close(self, code: int, reason: str) -> None:
        log.info("closing a sync connection to %s: %s", self.room.notebook_id, reason)
        if self.websocket.application_state != WebSocketState.DISCONNECTED:
            with contextlib.suppress(Exception):
                await self.websocket.close(code, reason)
