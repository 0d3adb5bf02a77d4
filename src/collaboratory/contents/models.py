"""Contents models in the shape Jupyter Server answers with (``jupyter_server.services.contents``).

Every model has ``name``, ``path``, ``type`` (``directory``, ``notebook`` or ``file``),
``writable``, ``created``, ``last_modified``, ``mimetype``, ``format``, ``content`` and
``size``; ``hash`` and ``hash_algorithm`` when the client asked for them. Without content,
``content`` and ``format`` are null.
"""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import UTC, datetime
from typing import Any

from collaboratory.contents.paths import Node
from collaboratory.drive.models import FOLDER, NOTEBOOK
from collaboratory.drive.roles import EDITOR, at_least

DIRECTORY, NOTEBOOK_TYPE, FILE_TYPE = "directory", "notebook", "file"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def isoformat(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def kind_of(node: Node) -> str:
    if node.entry is None or node.entry.item.kind == FOLDER:
        return DIRECTORY
    return NOTEBOOK_TYPE if node.entry.item.kind == NOTEBOOK else FILE_TYPE


def mimetype_of(node: Node) -> str | None:
    if node.entry is None or node.entry.item.kind != "file":
        return None
    guessed = mimetypes.guess_type(node.name)[0]
    return node.entry.item.content_type or guessed or "application/octet-stream"


def base_model(node: Node, type_: str, last_modified: datetime | None = None) -> dict[str, Any]:
    """The model without content."""
    entry = node.entry
    if entry is None:
        created = modified = EPOCH
        writable = not node.shared_root
    else:
        created, modified = entry.item.created_at, entry.item.updated_at
        writable = at_least(entry.role, EDITOR)
    if last_modified is not None:
        modified = max(_aware(modified), _aware(last_modified))
    return {
        "name": node.name,
        "path": node.path,
        "type": type_,
        "writable": writable,
        "created": isoformat(created),
        "last_modified": isoformat(modified),
        "mimetype": mimetype_of(node) if type_ == FILE_TYPE else None,
        "content": None,
        "format": None,
        "size": None if type_ == DIRECTORY or entry is None else entry.item.size,
    }


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def with_hash(model: dict[str, Any], data: bytes) -> dict[str, Any]:
    model["hash"] = hashlib.sha256(data).hexdigest()
    model["hash_algorithm"] = "sha256"
    return model


def checkpoint_model(checkpoint_id: str, moment: datetime) -> dict[str, Any]:
    return {"id": checkpoint_id, "last_modified": isoformat(moment)}
