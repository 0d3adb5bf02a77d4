"""Colab's ``google.colab.files``. Moving files through the cell's output is not built yet:
the arguments are checked as Colab checks them, then ``NotImplementedError`` naming the
editor's Files panel, which uploads to and downloads from ``/content``."""

from __future__ import annotations

import os

__all__ = ["download", "upload", "upload_file", "view"]

_USE_FILES_PANEL = (
    "is not available in Collaboratory runtimes yet: use the Files panel of the editor "
    "(the folder icon on the left), which uploads to and downloads from /content."
)


def upload(target_dir: str = "") -> dict[str, bytes]:
    """Uploads files from the browser (on Colab); here NotImplementedError."""
    raise NotImplementedError(f"files.upload() {_USE_FILES_PANEL}")


def upload_file(filename: str) -> None:
    """Uploads one file from the browser to ``filename`` (on Colab); here NotImplementedError."""
    raise NotImplementedError(f"files.upload_file() {_USE_FILES_PANEL}")


def download(filename: str) -> None:
    """Downloads ``filename`` to the browser (on Colab).

    Raises:
      FileNotFoundError: there is no such file.
    """
    if not os.path.exists(filename):
        raise FileNotFoundError(f"Cannot find file: {filename}")
    raise NotImplementedError(f"files.download() {_USE_FILES_PANEL}")


def view(filepath: str) -> None:
    """Opens ``filepath`` in the editor (on Colab).

    Raises:
      FileNotFoundError: there is no such file.
    """
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"Cannot find file: {filepath}")
    raise NotImplementedError(f"files.view() {_USE_FILES_PANEL}")
