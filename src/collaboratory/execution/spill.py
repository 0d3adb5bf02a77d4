"""Where a cell's full output goes once the document's copy is capped: a file per cell."""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Protocol

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
_SLICE = 1024 * 1024


class OutputSpill(Protocol):
    """An append-only sink for the text of one cell's run."""

    def write(self, text: str) -> None: ...

    def close(self) -> None: ...


class SpillStore(Protocol):
    def open(self, notebook_id: str, cell_id: str) -> OutputSpill: ...

    def path(self, notebook_id: str, cell_id: str) -> Path | None: ...

    def discard(self, notebook_id: str, cell_id: str) -> None: ...


class FileSpill:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = path.open("w", encoding="utf-8", errors="replace")

    def write(self, text: str) -> None:
        if self._file is not None:
            # in slices: encoding a message of tens of MB at once would double it in memory
            for start in range(0, len(text), _SLICE):
                self._file.write(text[start : start + _SLICE])

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class FileSpillStore:
    """``<directory>/<notebook_id>/<cell_id>.txt`` in UTF-8; a new run of the cell starts afresh."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, notebook_id: str, cell_id: str) -> Path:
        return self.directory / _SAFE.sub("_", notebook_id) / f"{_SAFE.sub('_', cell_id)}.txt"

    def open(self, notebook_id: str, cell_id: str) -> FileSpill:
        return FileSpill(self._file(notebook_id, cell_id))

    def path(self, notebook_id: str, cell_id: str) -> Path | None:
        """The full output of the cell's last capped run, for the download route."""
        file = self._file(notebook_id, cell_id)
        return file if file.is_file() else None

    def discard(self, notebook_id: str, cell_id: str) -> None:
        self._file(notebook_id, cell_id).unlink(missing_ok=True)
