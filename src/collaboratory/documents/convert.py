"""nbformat 4 JSON ↔ the jupyter_ydoc YNotebook schema, losslessly.

jupyter_ydoc's own ``set``/``get`` change a notebook on the way through: ``set`` adds empty
``kernelspec``/``language_info`` metadata and a blank cell to an empty notebook, and both
drop empty ``attachments``; ``get`` may rewrite duplicate cell ids in the document itself
and warn. Import and export here go around those paths, keeping the same schema so
JupyterLab-compatible clients and ``YNotebook`` users (execution) see the usual shape.

What survives, compared as ``normalise(export(import(nb))) == normalise(nb)``: every field of
every cell and output, unknown metadata at any level, cell ids, attachments (empty ones too),
``nbformat_minor`` and top-level fields of future minor versions. Known limits, from the CRDT's
JSON model rather than from this code: numbers are stored as doubles, so an integral float
(``1.0``) comes back as ``1`` (equal in Python and JSON Schema) and integers beyond 2**53 lose
precision.
"""

from __future__ import annotations

import copy
import json
import warnings
from typing import Any
from uuid import uuid4

import nbformat
from jupyter_ydoc import YNotebook
from jupyter_ydoc.utils import cast_all
from pycrdt import Array, Doc, Map, Text

_TOP_LEVEL = {"cells", "metadata", "nbformat", "nbformat_minor"}


class Notebook(YNotebook):
    """A ``YNotebook`` whose cell conversion keeps everything a valid notebook carries."""

    def create_ycell(self, value: dict[str, Any]) -> Map[Any]:
        cell = copy.deepcopy(value)
        cell.setdefault("id", str(uuid4()))
        source = cell.get("source")
        if source is not None:  # cell types from a future nbformat may have none
            cell["source"] = Text("".join(source) if isinstance(source, list) else source)
        cell["metadata"] = Map(cell.get("metadata", {}))
        if cell["cell_type"] == "code":
            cell["outputs"] = Array(self._create_youtputs(cell.get("outputs", [])))
            cell["execution_state"] = "idle"
        return Map(cell)

    def _cell_to_py(self, ycell: Map[Any], meta: dict[str, Any] | None = None) -> dict[str, Any]:
        if meta is None:
            meta = self._ymeta.to_py() or {}
        cell: dict[str, Any] = ycell.to_py() or {}
        cell.pop("execution_state", None)
        cast_all(cell, float, int)
        if (
            "id" in cell
            and int(meta.get("nbformat", 4)) == 4
            and int(meta.get("nbformat_minor", 0)) < 5
        ):
            del cell["id"]  # ids exist from nbformat 4.5 on; older notebooks get them only here
        return cell


def new_notebook(doc: Doc[Any] | None = None) -> Notebook:
    return Notebook(doc)


def import_notebook(ynotebook: YNotebook, nb: dict[str, Any]) -> None:
    """Fill an empty document with a notebook, in one transaction."""
    nb = normalise(nb)
    with ynotebook.ydoc.transaction():
        meta = ynotebook.ydoc.get("meta", type=Map)
        meta["nbformat"] = nb["nbformat"]
        meta["nbformat_minor"] = nb["nbformat_minor"]
        meta["metadata"] = Map(nb.get("metadata", {}))
        for key, value in nb.items():  # top-level fields of a future minor version
            if key not in _TOP_LEVEL:
                meta[key] = value
        ycells = ynotebook.ycells
        ycells.extend([ynotebook.create_ycell(cell) for cell in nb["cells"]])


def export_notebook(ynotebook: YNotebook) -> dict[str, Any]:
    """The document as nbformat 4 JSON; never writes to the document."""
    meta: dict[str, Any] = ynotebook.ydoc.get("meta", type=Map).to_py() or {}
    cast_all(meta, float, int)
    cells: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}
    for ycell in ynotebook.ycells:
        cell = ynotebook._cell_to_py(ycell, meta)
        cell_id = cell.get("id")
        if isinstance(cell_id, str):
            if seen.get(cell_id) == cell:
                continue  # the same cell twice: what a duplicated import would leave
            if cell_id in seen:
                cell["id"] = uuid4().hex[:8]
            seen[cell["id"]] = cell
        cells.append(cell)
    extra = {key: value for key, value in meta.items() if key not in _TOP_LEVEL}
    return {
        **extra,
        "cells": cells,
        "metadata": meta.get("metadata", {}),
        "nbformat": int(meta.get("nbformat", 4)),
        "nbformat_minor": int(meta.get("nbformat_minor", 5)),
    }


def normalise(nb: dict[str, Any]) -> dict[str, Any]:
    """What nbformat itself makes of a notebook: upgraded to 4, multi-line strings joined."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # repairs (missing ids) are reported at upload
        node = nbformat.reads(json.dumps(nb), as_version=4)  # type: ignore[no-untyped-call]
    plain: dict[str, Any] = json.loads(json.dumps(node))
    return plain


def render(nb: dict[str, Any]) -> str:
    """The ``.ipynb`` text of a notebook, as Jupyter writes it."""
    node = nbformat.from_dict(nb)  # type: ignore[no-untyped-call]
    text: str = nbformat.writes(node)  # type: ignore[no-untyped-call]
    return text
