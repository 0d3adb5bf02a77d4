"""Content blobs on disk under random keys: ``<data_dir>/blobs/<k[:2]>/<key>``.

Writes go to ``blobs/tmp`` and are renamed into place when complete, so a reader never sees
half a file and a crash leaves only temporaries behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import anyio

from collaboratory.db import new_id

_KEY = re.compile(r"^[0-9a-f]{32}$")
READ_CHUNK = 256 * 1024


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"

    def prepare(self) -> None:
        self.tmp.mkdir(parents=True, exist_ok=True, mode=0o700)

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a blob key: {key!r}")
        return self.root / key[:2] / key

    def partial_path(self, key: str) -> Path:
        self.path(key)  # validates the key
        return self.tmp / key

    def new_partial(self) -> str:
        key = new_id()
        self.partial_path(key).touch(mode=0o600)
        return key

    async def append(self, key: str, data: bytes) -> None:
        async with await anyio.open_file(self.partial_path(key), "ab") as f:
            await f.write(data)

    def commit(self, key: str) -> int:
        """Move a finished partial into place; returns its size."""
        final = self.path(key)
        final.parent.mkdir(exist_ok=True, mode=0o700)
        os.replace(self.partial_path(key), final)
        return final.stat().st_size

    async def put(self, data: bytes) -> str:
        key = self.new_partial()
        await self.append(key, data)
        self.commit(key)
        return key

    async def read(self, key: str) -> bytes:
        return await anyio.Path(self.path(key)).read_bytes()

    async def stream(self, key: str) -> AsyncIterator[bytes]:
        async with await anyio.open_file(self.path(key), "rb") as f:
            while chunk := await f.read(READ_CHUNK):
                yield chunk

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def delete(self, key: str) -> None:
        for path in (self.path(key), self.partial_path(key)):
            path.unlink(missing_ok=True)
