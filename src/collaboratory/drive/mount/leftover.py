"""What a mount leaves behind when the server stops: a marker in the server's data directory.

Mounts live in the server's memory, so after a restart ``<mountpoint>/MyDrive`` is a plain
folder in the runtime. The marker written at mount time (outside the runtime's files, so a
cell cannot forge one) lets the next ``drive.mount`` of the same runtime at the same place
recognise that folder as its own leftover and take it back. The marker also holds the state of
the last sync (rewritten when a round changed it), so the first round after the restart is the
ordinary three-way reconcile; a marker without it (the server stopped before the first round
ended) makes that round a merge that deletes nothing (:mod:`merge`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from collaboratory.drive.mount.localfs import RelPath
from collaboratory.drive.mount.plan import Synced

SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


@dataclass(frozen=True)
class Leftover:
    """A mount as it was recorded when it started."""

    user_id: str
    mountpoint: RelPath
    root_ino: int  # of its MyDrive folder
    readonly: bool
    state: dict[RelPath, Synced] | None = None  # as last synced; None: not known


class MountMarkers:
    """One small JSON file per mounted runtime, kept until the mount ends on purpose."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, runtime_id: str) -> Path | None:
        return self.directory / f"{runtime_id}.json" if SAFE_ID.match(runtime_id) else None

    def write(self, runtime_id: str, leftover: Leftover) -> None:
        path = self._path(runtime_id)
        if path is None:
            return
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = {
            "user_id": leftover.user_id,
            "mountpoint": list(leftover.mountpoint),
            "root_ino": leftover.root_ino,
            "readonly": leftover.readonly,
        }
        if leftover.state is not None:
            data["state"] = [
                [list(path), s.item_id, s.version, list(s.sig)]
                for path, s in leftover.state.items()
            ]
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(data))
        os.replace(temp, path)

    def read(self, runtime_id: str) -> Leftover | None:
        path = self._path(runtime_id)
        try:
            data = json.loads(path.read_text()) if path is not None else None
            if not isinstance(data, dict):
                return None
            state = data.get("state")
            return Leftover(
                str(data["user_id"]),
                tuple(str(p) for p in data["mountpoint"]),
                int(data["root_ino"]),
                bool(data["readonly"]),
                None if state is None else dict(_synced(row) for row in state),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def remove(self, runtime_id: str) -> None:
        path = self._path(runtime_id)
        if path is not None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def _synced(row: list[object]) -> tuple[RelPath, Synced]:
    path, item_id, version, sig = row
    if not isinstance(path, list) or not isinstance(sig, list) or len(sig) != 3:
        raise ValueError("a marker's state row is broken")
    a, b, c = (int(n) for n in sig)
    return tuple(str(p) for p in path), Synced(str(item_id), str(version), (a, b, c))
