"""Which outputs carry which display id, so that ``update_display_data`` can find them.

Display ids are transient in nbformat (never saved), so the registry lives in memory, per
notebook: display id → (cell id, output index). A cell's entries go when its outputs are cleared.
"""

from __future__ import annotations

from typing import Any

from jupyter_ydoc import YNotebook
from pycrdt import Array, Map

from collaboratory.execution.cells import find_cell

UPDATABLE = ("display_data", "execute_result")


class DisplayRegistry:
    def __init__(self) -> None:
        self._where: dict[str, list[tuple[str, int]]] = {}

    def add(self, display_id: str, cell_id: str, index: int) -> None:
        self._where.setdefault(display_id, []).append((cell_id, index))

    def forget_cell(self, cell_id: str) -> None:
        for display_id, places in list(self._where.items()):
            kept = [place for place in places if place[0] != cell_id]
            if kept:
                self._where[display_id] = kept
            else:
                del self._where[display_id]

    def update(
        self, ynotebook: YNotebook, display_id: str, data: dict[str, Any], metadata: dict[str, Any]
    ) -> int:
        """Replace data and metadata of every output with that display id; return how many.

        Call inside a transaction of the notebook's doc."""
        updated = 0
        for cell_id, index in self._where.get(display_id, []):
            ycell = find_cell(ynotebook, cell_id)
            outputs = None if ycell is None else ycell.get("outputs")
            if not isinstance(outputs, Array) or index >= len(outputs):
                continue  # the cell or its outputs went away meanwhile (a browser cleared them)
            output = outputs[index]
            if isinstance(output, Map) and output.get("output_type") in UPDATABLE:
                output["data"] = data
                output["metadata"] = metadata
                updated += 1
        return updated
