"""y-protocols sync and awareness over one websocket, for one room.

Messages of a connection are handled in order, so a client knows its updates are stored
once the server answers a SyncStep1 it sent after them: that answer is the acknowledgement.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Protocol

from pycrdt import (
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    read_message,
)
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from collaboratory.documents.presence import InvalidAwareness
from collaboratory.documents.room import InvalidUpdate, Room

log = logging.getLogger(__name__)

INVALID_DATA = 1007  # RFC 6455: a message the endpoint cannot make sense of
UNSUPPORTED = 1003
INTERNAL_ERROR = 1011


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
    """One client of a room; outgoing messages go through a queue so the room never waits."""

    def __init__(
        self, websocket: WebSocket, room: Room, control: ControlFactory | None = None
    ) -> None:
        self.websocket = websocket
        self.room = room
        self._outgoing: asyncio.Queue[bytes | str] = asyncio.Queue()
        self._control = control(self.send_text) if control is not None else None

    def send(self, message: bytes) -> None:
        self._outgoing.put_nowait(message)

    def send_text(self, message: str) -> None:
        self._outgoing.put_nowait(message)

    async def _sender(self) -> None:
        while True:
            message = await self._outgoing.get()
            if isinstance(message, str):
                await self.websocket.send_text(message)
            else:
                await self.websocket.send_bytes(message)

    async def serve(self) -> None:
        """Run the connection until the client leaves or breaks the protocol."""
        room = self.room
        room.join(self)
        sender = asyncio.create_task(self._sender())
        try:
            self.send(create_sync_message(room.doc))
            presence = room.presence.snapshot()
            if presence is not None:
                self.send(presence)
            while True:
                received = await self.websocket.receive()
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

    async def handle(self, message: bytes) -> None:
        if len(message) < 2:
            raise ProtocolError(INVALID_DATA, "Malformed message: too short.")
        kind = message[0]
        if kind == YMessageType.SYNC:
            await self._handle_sync(message)
        elif kind == YMessageType.AWARENESS:
            try:
                self.room.presence.apply(self, message)
            except InvalidAwareness as exc:
                raise ProtocolError(INVALID_DATA, "Malformed awareness message.") from exc
            self.room.broadcast_awareness(message, self)
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
            await self.room.apply_client_update(update, self)
        except (InvalidUpdate, ValueError, IndexError, AssertionError) as exc:
            raise ProtocolError(INVALID_DATA, "Malformed sync message.") from exc

    async def _close(self, code: int, reason: str) -> None:
        log.info("closing a sync connection to %s: %s", self.room.notebook_id, reason)
        if self.websocket.application_state != WebSocketState.DISCONNECTED:
            with contextlib.suppress(Exception):
                await self.websocket.close(code, reason)
