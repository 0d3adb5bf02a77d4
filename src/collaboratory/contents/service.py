"""Jupyter's contents operations over the Drive: get, save, create, copy, rename, delete and
checkpoints.

A notebook's content is its live document: reading renders it, saving applies the new content
to it as a change (``DocumentService.replace``), so connected editors see the save and nothing
forks. Checkpoints are the notebook's revisions: creating one saves a revision, restoring one
restores it (into the live document), and they are never deleted through this API. Files
have no checkpoints. Roles are Drive's: a viewer reads, an editor saves; what the user cannot
reach answers 404, as Drive does.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from collaboratory.contents.models import (
    DIRECTORY,
    FILE_TYPE,
    NOTEBOOK_TYPE,
    base_model,
    checkpoint_model,
    kind_of,
    with_hash,
)
from collaboratory.contents.paths import Node, Paths, join, no_such
from collaboratory.db import Database
from collaboratory.documents.convert import render
from collaboratory.documents.models import NotebookDocument, NotebookUpdate
from collaboratory.documents.revisions import RevisionService
from collaboratory.documents.service import DocumentService
from collaboratory.drive.models import NOTEBOOK
from collaboratory.drive.names import unique_name
from collaboratory.drive.notebooks import load_notebook_json, parse_notebook
from collaboratory.drive.service import DriveService, Entry
from collaboratory.drive.sharing import SharingService
from collaboratory.errors import BadRequest, Forbidden, NotFound, TooLarge

TYPES = (DIRECTORY, NOTEBOOK_TYPE, FILE_TYPE)
FORMATS = ("json", "text", "base64")


def wrong_type(path: str, is_: str, asked: str) -> BadRequest:
    return BadRequest(f"{path or '/'} is a {is_}, not a {asked}.", code="wrong_type")


class ContentsService:
    def __init__(
        self,
        db: Database,
        drive: DriveService,
        sharing: SharingService,
        documents: DocumentService,
        revisions: RevisionService,
        max_file_bytes: int,
    ) -> None:
        self.db = db
        self.drive = drive
        self.documents = documents
        self.revisions = revisions
        self.paths = Paths(drive, sharing)
        self.max_file_bytes = max_file_bytes

    # -- reading --------------------------------------------------------------------------

    async def get(
        self,
        user: str,
        path: str,
        *,
        content: bool = True,
        type_: str | None = None,
        format_: str | None = None,
        hash_: bool = False,
    ) -> dict[str, Any]:
        if type_ is not None and type_ not in TYPES:
            raise BadRequest(f"Unknown type {type_!r}: use one of {', '.join(TYPES)}.")
        if format_ is not None and format_ not in FORMATS:
            raise BadRequest(f"Unknown format {format_!r}: use one of {', '.join(FORMATS)}.")
        node = await self.paths.resolve(user, path)
        kind = kind_of(node)
        if type_ is not None and type_ != kind:
            # As Jupyter Server: a notebook may be read as a file (its .ipynb text).
            if not (type_ == FILE_TYPE and kind == NOTEBOOK_TYPE):
                raise wrong_type(node.path, kind, type_)
            kind = FILE_TYPE
        if kind == DIRECTORY:
            return await self._directory(user, node, content)
        if kind == NOTEBOOK_TYPE:
            return await self._notebook(user, node, content, hash_)
        return await self._file(user, node, content, format_, hash_)

    async def _directory(self, user: str, node: Node, content: bool) -> dict[str, Any]:
        model = base_model(node, DIRECTORY)
        if content:
            children = await self.paths.children(user, node)
            changed = await self._changed([i for c in children if (i := _notebook_of(c))])
            model["content"] = [
                base_model(
                    c, kind_of(c), changed.get(c.entry.item.id) if c.entry is not None else None
                )
                for c in children
            ]
            model["format"] = "json"
        return model

    async def _notebook(self, user: str, node: Node, content: bool, hash_: bool) -> dict[str, Any]:
        assert node.entry is not None
        notebook_id = node.entry.item.id
        nb = await self.documents.notebook(user, notebook_id) if content or hash_ else None
        changed = (await self._changed([notebook_id])).get(notebook_id)
        model = base_model(node, NOTEBOOK_TYPE, changed)
        if nb is not None:
            text = render(nb).encode()
            model["size"] = len(text)
            if content:
                model["content"], model["format"] = nb, "json"
            if hash_:
                with_hash(model, text)
        return model

    async def _file(
        self, user: str, node: Node, content: bool, format_: str | None, hash_: bool
    ) -> dict[str, Any]:
        assert node.entry is not None
        item = node.entry.item
        model = base_model(node, FILE_TYPE)
        if not (content or hash_):
            return model
        if item.kind == NOTEBOOK:  # a notebook read as a file: its live document's text
            data = (await self.documents.ipynb(user, item.id)).encode()
            model["mimetype"], model["size"] = "application/x-ipynb+json", len(data)
        else:
            blob = (await self.drive.content(user, item.id))[1]
            data = await self.drive.blobs.read(blob)
        if hash_:
            with_hash(model, data)
        if content:
            model["content"], model["format"] = _encode(data, format_, node.path)
            if model["format"] == "text" and model["mimetype"] == "application/octet-stream":
                model["mimetype"] = "text/plain"
        return model

    async def _changed(self, notebook_ids: list[str]) -> dict[str, datetime]:
        """When each notebook's live document last changed, for ``last_modified``."""
        if not notebook_ids:
            return {}
        async with self.db.session() as s:
            logged = await s.execute(
                select(NotebookUpdate.notebook_id, func.max(NotebookUpdate.created_at))
                .where(NotebookUpdate.notebook_id.in_(notebook_ids))
                .group_by(NotebookUpdate.notebook_id)
            )
            snapshots = await s.execute(
                select(NotebookDocument.notebook_id, NotebookDocument.updated_at).where(
                    NotebookDocument.notebook_id.in_(notebook_ids)
                )
            )
            changed: dict[str, datetime] = {}
            for notebook_id, moment in [*logged.all(), *snapshots.all()]:
                if moment is not None:
                    earlier = changed.get(notebook_id)
                    changed[notebook_id] = moment if earlier is None else max(earlier, moment)
        return changed

    # -- saving ---------------------------------------------------------------------------

    async def save(
        self, user: str, path: str, model: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        """``PUT``: save or create; the new model and whether the path was created."""
        if model.get("chunk") is not None:
            raise BadRequest(
                "Chunked uploads are not supported here; use Drive's uploads.", code="chunked"
            )
        type_ = model.get("type")
        if type_ not in TYPES:
            raise BadRequest(f"The model's type must be one of {', '.join(TYPES)}.")
        try:
            node: Node | None = await self.paths.resolve(user, path)
        except NotFound:
            node = None
        if node is not None:
            kind = kind_of(node)
            if kind != type_:
                raise wrong_type(node.path, kind, str(type_))
            if kind == DIRECTORY:
                return await self.get(user, node.path, content=False), False
            assert node.entry is not None
            if kind == NOTEBOOK_TYPE:
                nb = self._notebook_content(model)
                await self.documents.replace(user, node.entry.item.id, nb)
            else:
                data = self._file_content(model)
                await self.drive.replace_file(user, node.entry.item.id, await self._blob(data))
            return await self.get(user, node.path, content=False), False
        parent, name = await self.paths.parent_of(user, path)
        folder = parent.folder_id
        if type_ == DIRECTORY:
            entry = await self.drive.create_folder(user, name, folder)
        elif type_ == NOTEBOOK_TYPE:
            nb = self._notebook_content(model)
            entry = await self._add(user, folder, name, render(nb).encode())
        else:
            entry = await self._add(user, folder, name, self._file_content(model))
        return await self.get(user, join(parent.path, entry.item.name), content=False), True

    def _notebook_content(self, model: dict[str, Any]) -> dict[str, Any]:
        content = model.get("content")
        if not isinstance(content, dict):
            raise BadRequest("A notebook's content must be a JSON object (nbformat 4).")
        data = json.dumps(content).encode()
        if len(data) > self.drive.max_notebook_bytes:
            raise TooLarge(
                f"This notebook is {len(data)} bytes; notebooks can be at most "
                f"{self.drive.max_notebook_bytes} bytes."
            )
        return load_notebook_json(parse_notebook(data).content)  # BadRequest when invalid

    def _file_content(self, model: dict[str, Any]) -> bytes:
        content, format_ = model.get("content"), model.get("format")
        if not isinstance(content, str):
            raise BadRequest("A file's content must be a string.")
        if format_ == "text":
            data = content.encode()
        elif format_ == "base64":
            try:
                data = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError):
                raise BadRequest("The content is not valid base64.") from None
        else:
            raise BadRequest("A file's format must be 'text' or 'base64'.")
        if len(data) > self.max_file_bytes:
            raise TooLarge(f"Files can be at most {self.max_file_bytes} bytes.")
        return data

    async def _blob(self, data: bytes) -> str:
        return await self.drive.blobs.put(data)

    async def _add(self, user: str, folder: str | None, name: str, data: bytes) -> Entry:
        entry = await self.drive.add_upload(user, folder, name, await self._blob(data), None)
        if entry.item.kind == NOTEBOOK:
            await self.documents.create(user, entry.item.id)
        return entry

    # -- creating, copying, renaming, deleting ---------------------------------------------

    async def new_untitled(
        self, user: str, path: str, type_: str | None, ext: str | None
    ) -> dict[str, Any]:
        """``POST`` without ``copy_from``: a new untitled item in the folder at ``path``."""
        parent = await self.paths.resolve(user, path)
        if not parent.is_folder:
            raise wrong_type(parent.path, kind_of(parent), DIRECTORY)
        type_ = type_ or (NOTEBOOK_TYPE if ext in (None, ".ipynb") else FILE_TYPE)
        if type_ == NOTEBOOK_TYPE:
            entry = await self.drive.create_notebook(user, None, parent.folder_id)
        elif type_ == DIRECTORY:
            taken = {c.name for c in await self.paths.children(user, parent)}
            name = unique_name("Untitled Folder", taken)
            entry = await self.drive.create_folder(user, name, parent.folder_id)
        elif type_ == FILE_TYPE:
            entry = await self._add(user, parent.folder_id, f"untitled{ext or '.txt'}", b"")
        else:
            raise BadRequest(f"The type must be one of {', '.join(TYPES)}.")
        return await self.get(user, join(parent.path, entry.item.name), content=False)

    async def copy(self, user: str, source: str, path: str) -> dict[str, Any]:
        """``POST {copy_from}``: a copy of ``source`` in the folder at ``path``."""
        origin = await self.paths.resolve(user, source)
        parent = await self.paths.resolve(user, path)
        if not parent.is_folder:
            raise wrong_type(parent.path, kind_of(parent), DIRECTORY)
        if origin.entry is None or origin.is_folder:
            raise BadRequest("Only notebooks and files can be copied.", code="not_a_file")
        if origin.entry.item.kind == NOTEBOOK:
            data = (await self.documents.ipynb(user, origin.entry.item.id)).encode()
        else:
            data = await self.drive.blobs.read(
                (await self.drive.content(user, origin.entry.item.id))[1]
            )
        entry = await self._add(user, parent.folder_id, origin.entry.item.name, data)
        return await self.get(user, join(parent.path, entry.item.name), content=False)

    async def rename(self, user: str, path: str, new_path: str) -> dict[str, Any]:
        """``PATCH {path}``: rename and/or move within the user's Drive."""
        node = await self.paths.resolve(user, path)
        if node.entry is None:
            raise BadRequest("The root and 'Shared with me' cannot be renamed.", code="root")
        parent, name = await self.paths.parent_of(user, new_path)
        old_parent = node.path.rpartition("/")[0]
        if parent.path == old_parent:
            entry = await self.drive.update(user, node.entry.item.id, name=name)
        else:
            entry = await self.drive.update(
                user, node.entry.item.id, name=name, parent=parent.folder_id
            )
        return await self.get(user, join(parent.path, entry.item.name), content=False)

    async def delete(self, user: str, path: str) -> None:
        """``DELETE``: to Drive's trash, as Jupyter Server's ``delete_to_trash`` does."""
        node = await self.paths.resolve(user, path)
        if node.entry is None:
            raise BadRequest("The root and 'Shared with me' cannot be deleted.", code="root")
        await self.drive.trash(user, node.entry.item.id)

    # -- checkpoints: a notebook's revisions ----------------------------------------------

    async def _notebook_id(self, user: str, path: str) -> str | None:
        node = await self.paths.resolve(user, path)
        if node.entry is None or node.is_folder:
            raise wrong_type(node.path, DIRECTORY, "file or notebook")
        return node.entry.item.id if node.entry.item.kind == NOTEBOOK else None

    async def checkpoints(self, user: str, path: str) -> list[dict[str, Any]]:
        notebook_id = await self._notebook_id(user, path)
        if notebook_id is None:
            return []
        revisions = await self.revisions.list(user, notebook_id)
        return [checkpoint_model(r.id, r.created_at) for r in revisions]

    async def create_checkpoint(self, user: str, path: str) -> dict[str, Any]:
        notebook_id = await self._notebook_id(user, path)
        if notebook_id is None:
            raise BadRequest("Only notebooks have checkpoints here (their revisions).")
        revision = await self.revisions.create(user, notebook_id, "manual", "Checkpoint", user)
        assert revision is not None  # only automatic revisions are ever skipped
        return checkpoint_model(revision.id, revision.created_at)

    async def restore_checkpoint(self, user: str, path: str, checkpoint_id: str) -> None:
        notebook_id = await self._notebook_id(user, path)
        if notebook_id is None:
            raise no_such(f"{path} checkpoint {checkpoint_id}")
        await self.revisions.restore(user, notebook_id, checkpoint_id, user)

    async def delete_checkpoint(self, user: str, path: str, checkpoint_id: str) -> None:
        notebook_id = await self._notebook_id(user, path)
        if notebook_id is None:
            raise no_such(f"{path} checkpoint {checkpoint_id}")
        await self.revisions.get(user, notebook_id, checkpoint_id)  # 404 when there is none
        raise Forbidden(
            "Checkpoints are the notebook's revisions, which are kept as its history.",
            code="revisions_kept",
        )


def _notebook_of(node: Node) -> str | None:
    return (
        node.entry.item.id if node.entry is not None and node.entry.item.kind == NOTEBOOK else None
    )


def _encode(data: bytes, format_: str | None, path: str) -> tuple[str, str]:
    if format_ in (None, "text"):
        try:
            return data.decode(), "text"
        except UnicodeDecodeError:
            if format_ == "text":
                raise BadRequest(f"{path} is not UTF-8 text; read it as base64.") from None
    return base64.b64encode(data).decode(), "base64"
