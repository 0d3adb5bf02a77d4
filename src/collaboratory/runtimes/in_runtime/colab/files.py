"""Colab's ``google.colab.files``. ``download`` puts a download request into the cell's output
(the MIME type :data:`DOWNLOAD_MIME`); the editor then fetches the file from the runtime's Files
API (same origin, with the user's session, streamed) as a browser download. Uploading through
the cell's output is not built yet: ``NotImplementedError`` naming the editor's Files panel."""

from __future__ import annotations

import os
import shutil
import time
import uuid

__all__ = ["DOWNLOAD_MIME", "download", "upload", "upload_file", "view"]

DOWNLOAD_MIME = "application/vnd.collaboratory.download+json"
# Files downloaded from outside /content are copied here first (the Files API serves /content).
_OUTSIDE = ".colab_downloads"

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
    if os.path.isdir(filename):
        raise IsADirectoryError(f"Cannot download a directory: {filename}")
    from IPython.display import display

    root = os.path.realpath(os.environ.get("HOME") or "/content")
    path = os.path.realpath(filename)
    name = os.path.basename(path)
    request_id = uuid.uuid4().hex
    if os.path.commonpath([root, path]) != root:  # outside /content: a copy inside it
        copy_dir = os.path.join(root, _OUTSIDE, request_id)
        os.makedirs(copy_dir, exist_ok=True)
        path = shutil.copyfile(path, os.path.join(copy_dir, name))
    request = {
        "id": request_id,
        "path": os.path.relpath(path, root).replace(os.sep, "/"),
        "name": name,
        "size": os.path.getsize(path),
        "requested_at": time.time(),
    }
    text = f"Downloading {name} ({request['size']} bytes)"
    display({DOWNLOAD_MIME: request, "text/plain": text}, raw=True)  # type: ignore[no-untyped-call]


def view(filepath: str) -> None:
    """Opens ``filepath`` in the editor (on Colab).

    Raises:
      FileNotFoundError: there is no such file.
    """
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"Cannot find file: {filepath}")
    raise NotImplementedError(f"files.view() {_USE_FILES_PANEL}")
