"""Reading an uploaded ``.ipynb``: validated with nbformat, upgraded to 4, repairs reported."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from typing import Any

import nbformat

from collaboratory.errors import BadRequest

NOTEBOOK_MEDIA_TYPE = "application/x-ipynb+json"
# Deeper JSON than this would overflow the recursion of the validator, the CRDT and the JSON
# encoders further on; real notebooks (outputs included) stay far below it.
MAX_DEPTH = 100
TOO_DEEP = (
    f"it is nested more than {MAX_DEPTH} levels deep. Flatten the deepest output or metadata."
)


@dataclass
class ParsedNotebook:
    content: bytes  # what to store: the upload itself when nothing had to change
    notes: list[str] = field(default_factory=list)  # what was changed, for the person uploading


def invalid(message: str) -> BadRequest:
    return BadRequest(f"This is not a valid notebook: {message}", code="invalid_notebook")


def _where(path: list[Any]) -> str:
    if len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
        rest = ".".join(str(p) for p in path[2:])
        return f"cell {path[1] + 1}" + (f" ({rest})" if rest else "")
    return ".".join(str(p) for p in path) or "the top level"


def _decode(data: bytes) -> dict[str, Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise invalid(f"the file is not UTF-8 text (byte {exc.start}).") from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise invalid(
            f"the file is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    except RecursionError as exc:
        raise invalid(TOO_DEEP) from exc
    if _depth(raw) > MAX_DEPTH:
        raise invalid(TOO_DEEP)
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise invalid("it has no 'nbformat' field, so it is not a Jupyter notebook.")
    if not isinstance(raw["nbformat"], int) or raw["nbformat"] not in (3, 4):
        raise invalid(f"nbformat {raw['nbformat']!r} is not supported (3 and 4 are).")
    return raw


def _depth(value: object) -> int:
    """How deeply arrays and objects nest in parsed JSON, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in node)
    return deepest


def parse_notebook(data: bytes) -> ParsedNotebook:
    raw = _decode(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            nb = nbformat.reads(json.dumps(raw), as_version=4)  # type: ignore[no-untyped-call]
        except Exception as exc:  # nbformat raises many kinds for malformed input
            raise invalid(str(exc)) from exc
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        raise invalid(f"{_where(list(exc.absolute_path))}: {exc.message}") from exc
    notes = [str(w.message) for w in caught]
    if raw["nbformat"] == 3:
        notes.insert(0, "Upgraded from nbformat 3 to nbformat 4.")
    if not notes:
        return ParsedNotebook(content=data)
    return ParsedNotebook(content=_writes(nb), notes=notes)


def new_notebook_content() -> bytes:
    """An empty notebook as Colab starts one: a single empty code cell."""
    nb = nbformat.v4.new_notebook(  # type: ignore[no-untyped-call]
        cells=[nbformat.v4.new_code_cell("")],  # type: ignore[no-untyped-call]
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "language_info": {"name": "python"},
            "colab": {"provenance": []},
        },
    )
    return _writes(nb)


def _writes(nb: Any) -> bytes:
    text: str = nbformat.writes(nb)  # type: ignore[no-untyped-call]
    return text.encode()


def load_notebook_json(data: bytes) -> dict[str, Any]:
    value = json.loads(data)
    assert isinstance(value, dict)
    return value
