"""A y-protocols client for tests: a pycrdt document kept in sync over the notebook websocket."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from jupyter_ydoc import YNotebook
from pycrdt import (
    Awareness,
    Doc,
    Text,
    TransactionEvent,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)
from websockets.asyncio.client import ClientConnection, connect

from collaboratory.documents.convert import Notebook, export_notebook


class SyncClient:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.doc: Doc[Any] = Doc()
        self.ynotebook = Notebook(self.doc)
        self.awareness = Awareness(self.doc)
        self._pending: list[bytes] = []
        self._remote = False
        self._step2 = asyncio.Condition()
        self._step2_count = 0
        self.doc.observe(self._on_change)
        self.kernel_frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.error_frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count()
        self._receiver = asyncio.create_task(self._receive())

    def _on_change(self, event: TransactionEvent) -> None:
        if not self._remote:
            self._pending.append(event.update)

    async def _receive(self) -> None:
        async for message in self.ws:
            if isinstance(message, str):
                self._on_text(json.loads(message))
                continue
            if message[0] == YMessageType.AWARENESS:
                self.awareness.apply_awareness_update(read_message(message[1:]), "remote")
                continue
            self._remote = True
            try:
                reply = handle_sync_message(message[1:], self.doc)
            finally:
                self._remote = False
            if reply is not None:
                await self.ws.send(reply)
            if message[1] == YSyncMessageType.SYNC_STEP2:
                async with self._step2:
                    self._step2_count += 1
                    self._step2.notify_all()

    def _on_text(self, frame: dict[str, Any]) -> None:
        if frame["type"] == "kernel":
            self.kernel_frames.put_nowait(frame)
        elif frame["type"] == "reply" and frame["id"] in self._replies:
            self._replies.pop(frame["id"]).set_result(frame)
        else:
            self.error_frames.put_nowait(frame)

    async def request(self, kind: str, **fields: Any) -> dict[str, Any]:
        """A JSON control request; the whole reply frame (``ok`` and ``result`` or ``error``)."""
        request_id = f"r{next(self._ids)}"
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[request_id] = answer
        await self.ws.send(json.dumps({"type": kind, "id": request_id, **fields}))
        return await asyncio.wait_for(answer, 30)

    async def to_kernel(
        self, msg_type: str, content: dict[str, Any], msg_id: str | None = None
    ) -> str:
        msg_id = msg_id or f"m{next(self._ids)}-{id(self)}"
        header = {"msg_id": msg_id, "msg_type": msg_type}
        msg = {"header": header, "content": content}
        await self.ws.send(json.dumps({"type": "kernel", "msg": msg}))
        return msg_id

    async def kernel_frame(
        self, match: Callable[[dict[str, Any]], bool], within: float = 30
    ) -> dict[str, Any]:
        """The next relayed kernel message that ``match`` accepts (others are skipped)."""
        async with asyncio.timeout(within):
            while True:
                if not self.error_frames.empty():  # the server refused what we sent: say so
                    raise AssertionError(f"error frame: {self.error_frames.get_nowait()}")
                try:
                    async with asyncio.timeout(0.1):
                        frame = await self.kernel_frames.get()
                except TimeoutError:
                    continue
                if match(frame["msg"]):
                    return frame["msg"]

    async def flush(self) -> None:
        """Send the local changes made since the last flush."""
        pending, self._pending = self._pending, []
        for update in pending:
            await self.ws.send(create_update_message(update))

    async def ack(self) -> None:
        """Flush, then wait until the server has answered a SyncStep1 sent after the changes."""
        await self.flush()
        async with self._step2:
            target = self._step2_count + 1
            await self.ws.send(create_sync_message(self.doc))
            await asyncio.wait_for(self._step2.wait_for(lambda: self._step2_count >= target), 10)

    async def set_presence(self, state: dict[str, Any]) -> None:
        self.awareness.set_local_state(state)
        update = self.awareness.encode_awareness_update([self.awareness.client_id])
        await self.ws.send(create_awareness_message(update))

    def others(self) -> dict[int, dict[str, Any]]:
        return {k: v for k, v in self.awareness.states.items() if k != self.awareness.client_id}

    def notebook(self) -> dict[str, Any]:
        return export_notebook(self.ynotebook)

    async def close(self) -> None:
        await self.ws.close()
        self._receiver.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._receiver


@asynccontextmanager
async def sync_client(base_url: str, notebook_id: str, token: str) -> AsyncIterator[SyncClient]:
    url = base_url.replace("http", "ws", 1) + f"/api/notebooks/{notebook_id}/sync"
    ws = await connect(url, additional_headers={"Authorization": f"Bearer {token}"})
    client = SyncClient(ws)
    try:
        await client.ack()  # the whole document is here once the first answer arrives
        yield client
    finally:
        await client.close()


def append_source(ynotebook: YNotebook, text: str, index: int = 0) -> None:
    source: Text = ynotebook.ycells[index]["source"]
    source += text


async def eventually(check: Callable[[], bool], within: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)
