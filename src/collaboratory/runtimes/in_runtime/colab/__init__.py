"""Colab's Python APIs (``google.colab``) for Collaboratory runtimes.

Each submodule keeps Colab's signatures, exceptions and messages; where a call cannot work
here it raises the exception Colab raises outside Colab, with a message naming what to use
instead (docs/COLAB.md lists every call).
"""

from __future__ import annotations

from . import (
    _message,
    ai,
    auth,
    data_table,
    drive,
    errors,
    files,
    output,
    runtime,
    sheets,
    snippets,
    userdata,
)

SUBMODULES = (
    "_message",
    "ai",
    "auth",
    "data_table",
    "drive",
    "errors",
    "files",
    "output",
    "runtime",
    "sheets",
    "snippets",
    "userdata",
)

__all__ = [
    "ai",
    "auth",
    "data_table",
    "drive",
    "errors",
    "files",
    "output",
    "runtime",
    "sheets",
    "snippets",
    "userdata",
]
__version__ = "0.0.1a2"

_ = (_message,)
