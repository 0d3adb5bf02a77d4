"""Finding a cell of a YNotebook by id; cells move and get deleted while they run."""

from __future__ import annotations

from typing import Any

from jupyter_ydoc import YNotebook
from pycrdt import Map


def find_cell(ynotebook: YNotebook, cell_id: str) -> Map[Any] | None:
    for ycell in ynotebook.ycells:
        if ycell.get("id") == cell_id:
            return ycell  # type: ignore[no-any-return]
    return None


def cell_source(ycell: Map[Any]) -> str:
    source = ycell.get("source")
    return "" if source is None else str(source)
