"""Item names: what is allowed, and how clashes are resolved.

Names are labels in the database, never paths: storage uses random keys. The rules keep names
usable later as file names in a runtime's view of Drive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from collaboratory.errors import BadRequest

MAX_NAME = 255
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate_name(raw: str) -> str:
    name = unicodedata.normalize("NFC", raw).strip()
    problem = None
    if not name:
        problem = "A name cannot be empty."
    elif name in {".", ".."}:
        problem = f"'{name}' cannot be used as a name."
    elif "/" in name or "\\" in name:
        problem = "A name cannot contain '/' or '\\'."
    elif _CONTROL.search(name):
        problem = "A name cannot contain control characters (such as NUL or a line break)."
    elif len(name) > MAX_NAME:
        problem = f"A name can have at most {MAX_NAME} characters; this one has {len(name)}."
    if problem is not None:
        raise BadRequest(problem, code="invalid_name")
    return name


def split_extension(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, "." + ext


def unique_name(name: str, taken: Collection[str]) -> str:
    """``name``, or ``stem (n).ext`` with the smallest n not in ``taken`` (as Drive does)."""
    if name not in taken:
        return name
    stem, ext = split_extension(name)
    n = 1
    while True:
        candidate = f"{stem} ({n}){ext}"
        if len(candidate) > MAX_NAME:
            stem = stem[: MAX_NAME - len(candidate) + len(stem)]
            continue
        if candidate not in taken:
            return candidate
        n += 1


def untitled_notebook_name(taken: Collection[str]) -> str:
    """Colab's ``Untitled0.ipynb``, ``Untitled1.ipynb``, ... first free one."""
    n = 0
    while f"Untitled{n}.ipynb" in taken:
        n += 1
    return f"Untitled{n}.ipynb"
