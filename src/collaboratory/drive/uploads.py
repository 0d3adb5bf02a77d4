"""Chunked, resumable uploads for large files: start, send chunks at offsets, done."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import delete, select

from collaboratory.db import Database
from collaboratory.drive.models import Upload
from collaboratory.drive.names import validate_name
from collaboratory.drive.service import DriveService, Entry
from collaboratory.drive.storage import BlobStore
from collaboratory.errors import BadRequest, Conflict, NotFound, TooLarge


@dataclass(frozen=True)
class UploadState:
    upload: Upload
    entry: Entry | None  # the finished item once every byte has arrived


class UploadService:
    def __init__(
        self, db: Database, blobs: BlobStore, drive: DriveService, limit: int, chunk_bytes: int
    ) -> None:
        self.db, self.blobs, self.drive = db, blobs, drive
        self.limit, self.chunk_bytes = limit, chunk_bytes
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def start(self, owner: str, name: str, size: int, parent: str | None) -> Upload:
        name = validate_name(name)
        if size < 0:
            raise BadRequest("size cannot be negative.")
        if size > self.limit:
            raise TooLarge(f"The file is larger than the upload limit of {self.limit} bytes.")
        await self.drive.require_folder(owner, parent)
        upload = Upload(
            owner_id=owner, parent_id=parent, name=name, size=size, blob=self.blobs.new_partial()
        )
        async with self.db.session() as s:
            s.add(upload)
        return upload

    async def remove_leftovers(self) -> int:
        """At start: partial blobs no resumable upload owns (a form upload, or a blob being
        written, cut off by a crash) are deleted; returns how many."""
        async with self.db.session() as s:
            kept = set((await s.scalars(select(Upload.blob))).all())
        removed = 0
        for path in self.blobs.tmp.iterdir() if self.blobs.tmp.is_dir() else ():
            if path.name not in kept and path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    async def _get(self, owner: str, upload_id: str) -> Upload:
        async with self.db.session() as s:
            upload = await s.get(Upload, upload_id)
        if upload is None or upload.owner_id != owner:
            raise NotFound("No such upload: it finished, was cancelled, or is not yours.")
        return upload

    async def get(self, owner: str, upload_id: str) -> Upload:
        return await self._get(owner, upload_id)

    async def put(
        self, owner: str, upload_id: str, offset: int, body: AsyncIterator[bytes]
    ) -> UploadState:
        async with self._locks[upload_id]:
            upload = await self._get(owner, upload_id)
            if offset != upload.received:
                raise Conflict(
                    f"This chunk starts at byte {offset}, but the upload has {upload.received} "
                    f"bytes. Send the chunk that starts at byte {upload.received}.",
                    code="wrong_offset",
                )
            received = upload.received
            async for data in body:
                received += len(data)
                if received > upload.size:
                    await self._truncate(upload)
                    raise BadRequest(
                        "The chunk runs past the size announced for this upload.",
                        code="bad_upload",
                    )
                await self.blobs.append(upload.blob, data)
            upload.received = received
            async with self.db.session() as s:
                await s.merge(upload)
            if received < upload.size:
                return UploadState(upload, None)
            return UploadState(upload, await self._finish(upload))

    async def _truncate(self, upload: Upload) -> None:
        with self.blobs.partial_path(upload.blob).open("r+b") as f:
            f.truncate(upload.received)

    async def _finish(self, upload: Upload) -> Entry:
        self.blobs.commit(upload.blob)
        async with self.db.session() as s:
            await s.execute(delete(Upload).where(Upload.id == upload.id))
        self._locks.pop(upload.id, None)
        return await self.drive.add_upload(
            upload.owner_id, upload.parent_id, upload.name, upload.blob, None
        )

    async def abort(self, owner: str, upload_id: str) -> None:
        upload = await self._get(owner, upload_id)
        async with self.db.session() as s:
            await s.execute(delete(Upload).where(Upload.id == upload.id))
        self.blobs.delete(upload.blob)
        self._locks.pop(upload_id, None)
