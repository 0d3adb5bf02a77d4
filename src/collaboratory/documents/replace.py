"""Make a live document's content equal to a notebook by changing only what differs.

A save from a Jupyter client (``PUT /api/contents/…``) sends the whole notebook. Replacing
the document's cells wholesale would make every connected editor lose its place and every
concurrent edit conflict with all of it; instead the cells are matched (``difflib`` over their
JSON), unchanged cells are left alone, a changed cell that keeps its id and type is edited in
place (its source as a text edit of the differing middle, its other fields only when they
differ), and only the rest is deleted or inserted. All of it is one transaction, so editors
receive it as one update; the room stores it before anyone hears of it.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from jupyter_ydoc import YNotebook
from pycrdt import Array, Map, Text

from collaboratory.documents.convert import Notebook, export_notebook, normalise

_TOP_LEVEL = {"cells", "metadata", "nbformat", "nbformat_minor"}


def _key(cell: dict[str, Any]) -> str:
    return json.dumps(cell, sort_keys=True)


def replace_content(ynotebook: Notebook, nb: dict[str, Any]) -> bool:
    """Change the document to ``nb`` (nbformat 4 JSON); whether anything changed."""
    new = normalise(nb)
    old = export_notebook(ynotebook)
    if _comparable(old) == _comparable(new):
        return False
    with ynotebook.ydoc.transaction():
        _replace_meta(ynotebook, old, new)
        _replace_cells(ynotebook, old["cells"], new["cells"])
    return True


def _comparable(nb: dict[str, Any]) -> str:
    return json.dumps(normalise(nb), sort_keys=True)


def _replace_meta(ynotebook: YNotebook, old: dict[str, Any], new: dict[str, Any]) -> None:
    meta = ynotebook.ydoc.get("meta", type=Map)
    for key in ("nbformat", "nbformat_minor"):
        if old.get(key) != new[key]:
            meta[key] = new[key]
    if old.get("metadata") != new.get("metadata", {}):
        meta["metadata"] = Map(new.get("metadata", {}))
    for key in set(old) - _TOP_LEVEL - set(new):
        del meta[key]
    for key, value in new.items():
        if key not in _TOP_LEVEL and old.get(key) != value:
            meta[key] = value


def _replace_cells(
    ynotebook: Notebook, old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> None:
    ycells = ynotebook.ycells
    matcher = difflib.SequenceMatcher(None, [_key(c) for c in old], [_key(c) for c in new])
    # From the end backwards: the indices of what is still to be done stay valid.
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        paired = 0
        while (
            i1 + paired < i2 and j1 + paired < j2 and _same_cell(old[i1 + paired], new[j1 + paired])
        ):
            paired += 1
        if i2 - i1 > paired:
            del ycells[i1 + paired : i2]
        if j2 - j1 > paired:
            cells = [ynotebook.create_ycell(cell) for cell in new[j1 + paired : j2]]
            for offset, ycell in enumerate(cells):
                ycells.insert(i1 + paired + offset, ycell)
        for k in range(paired):
            _edit_cell(ynotebook, ycells[i1 + k], old[i1 + k], new[j1 + k])


def _same_cell(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """The same cell changed, rather than another one: same id (when it has one) and type."""
    return old.get("id") == new.get("id") and old.get("cell_type") == new.get("cell_type")


def _edit_cell(
    ynotebook: Notebook, ycell: Map[Any], old: dict[str, Any], new: dict[str, Any]
) -> None:
    for key in set(old) - set(new) - {"id"}:
        del ycell[key]
    for key, value in new.items():
        if old.get(key) == value:
            continue
        if key == "source" and isinstance(ycell.get("source"), Text):
            _edit_text(ycell["source"], old.get("source", ""), value)
        elif key == "metadata":
            ycell["metadata"] = Map(value)
        elif key == "outputs":
            ycell["outputs"] = Array(ynotebook._create_youtputs(value))
        else:
            ycell[key] = value


def _edit_text(text: Text, old: str, new: str) -> None:
    """Replace only the middle that differs (offsets in UTF-8 bytes, as pycrdt counts)."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    head = len(old[:start].encode())
    removed = old[start : len(old) - end]
    added = new[start : len(new) - end]
    if removed:
        del text[head : head + len(removed.encode())]
    if added:
        text.insert(head, added)
