"""Colab's ``google.colab.files``. ``download`` puts a download request into the cell's output
(the MIME type :data:`DOWNLOAD_MIME`); the editor then fetches the file from the runtime's Files
API (same origin, with the user's session, streamed) as a browser download. ``upload`` (and
``upload_file``, one file saved under the caller's name) puts a file picker into the cell's
output (:data:`UPLOAD_MIME`); the editor sends the chosen files into the runtime with the Files
API (with progress), then tells the service, whose reply to the cell's ``UploadFiles`` request
names them. ``view`` puts a view request into the cell's output (:data:`VIEW_MIME`); the editor
shows the file in its file viewer, or opens the Files panel at the folder."""

from __future__ import annotations

import mmap
import os
import shutil
import time
import uuid

__all__ = [
    "DOWNLOAD_MIME",
    "UPLOAD_MIME",
    "VIEW_MIME",
    "download",
    "upload",
    "upload_file",
    "view",
]

DOWNLOAD_MIME = "application/vnd.collaboratory.download+json"
UPLOAD_MIME = "application/vnd.collaboratory.upload+json"
VIEW_MIME = "application/vnd.collaboratory.view+json"
# Files downloaded from outside /content are copied here first (the Files API serves /content).
_OUTSIDE = ".colab_downloads"
# Files viewed from outside /content are copied here first.
_VIEWS = ".colab_views"
# files.upload_file() receives its file here, then moves it to the name asked for.
_UPLOADS = ".colab_uploads"
# files.upload() returns larger files as read-only memory maps of the saved file (bytes-like),
# not bytes, so that a file of several GB does not have to fit in the kernel's memory.
_IN_MEMORY_BYTES = 1 << 30


def _content_root() -> str:
    return os.path.realpath(os.environ.get("HOME") or "/content")


def upload(target_dir: str = "") -> dict[str, bytes]:
    """Asks the user for files in the cell's output and saves them into ``target_dir`` (the
    working directory by default), which must be inside /content.

    Returns:
      ``{name: contents}`` of the uploaded files (empty when the user cancelled): ``bytes``,
      or for a file over 1 GiB a read-only ``mmap`` of the saved file (bytes-like: ``len``,
      slices, ``io.BytesIO``, ``memoryview``) so that it need not fit in memory.
    """
    directory = os.path.realpath(target_dir or os.getcwd())
    if os.path.commonpath([_content_root(), directory]) != _content_root():
        raise ValueError(f"target_dir must be inside /content: {target_dir or directory}")
    os.makedirs(directory, exist_ok=True)
    uploaded: dict[str, bytes] = {}
    for name in _ask_for_files(directory, multiple=True):
        path = os.path.join(directory, name)
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size > _IN_MEMORY_BYTES:
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                uploaded[name] = mapped  # type: ignore[assignment]
            else:
                uploaded[name] = f.read()
        print(f"Saving {name} to {path}")
    return uploaded


def upload_file(filename: str) -> None:
    """Asks the user for one file in the cell's output and saves it as ``filename``.

    Raises:
      ValueError: no file was uploaded (the user cancelled), or several were.
    """
    staging = os.path.join(_content_root(), _UPLOADS, uuid.uuid4().hex)
    os.makedirs(staging)
    try:
        names = _ask_for_files(staging, multiple=False)
        if not names:
            raise ValueError("File has not been uploaded")
        if len(names) > 1:
            raise ValueError("Multiple files received, please upload a single file")
        target = os.path.abspath(filename)
        shutil.move(os.path.join(staging, names[0]), target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Saved {names[0]} to {target}")


def _ask_for_files(directory: str, *, multiple: bool) -> list[str]:
    """Puts a file picker into the cell's output; the editor sends the chosen files into
    ``directory`` (inside /content) and the service's reply names them (none: cancelled)."""
    from IPython.display import display

    from . import _message

    relative = os.path.relpath(directory, _content_root()).replace(os.sep, "/")
    upload_id = uuid.uuid4().hex
    request = {
        "id": upload_id,
        "directory": "" if relative == "." else relative,
        "multiple": multiple,
    }
    call = "files.upload()" if multiple else "files.upload_file()"
    text = f"{call}: choose the file{'s' if multiple else ''} in the editor (this cell waits)."
    display({UPLOAD_MIME: request, "text/plain": text}, raw=True)  # type: ignore[no-untyped-call]
    reply = _message.blocking_request("UploadFiles", {"id": upload_id}, timeout_sec=None)
    names = reply.get("files", []) if isinstance(reply, dict) else []
    return [os.path.basename(str(name)) for name in names]


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

    root = _content_root()
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
    """Views ``filepath`` in the editor's file viewer; a folder opens in the Files panel.

    A file outside /content is copied into /content/.colab_views/ first (the Files API serves
    /content only).

    Raises:
      FileNotFoundError: there is no such file.
      ValueError: a folder outside /content (the Files panel shows /content only).
    """
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"Cannot find file: {filepath}")
    from IPython.display import display

    root = _content_root()
    path = os.path.realpath(filepath)
    name = os.path.basename(path)
    folder = os.path.isdir(path)
    request_id = uuid.uuid4().hex
    if os.path.commonpath([root, path]) != root:  # outside /content
        if folder:
            raise ValueError(
                f"Only folders inside /content can be shown in the Files panel: {filepath}"
            )
        copy_dir = os.path.join(root, _VIEWS, request_id)
        os.makedirs(copy_dir, exist_ok=True)
        path = shutil.copyfile(path, os.path.join(copy_dir, name))
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    request = {
        "id": request_id,
        "path": "" if relative == "." else relative,
        "name": name,
        "kind": "folder" if folder else "file",
        "requested_at": time.time(),
    }
    text = f"Opened {name} in the {'Files panel' if folder else 'file viewer'}"
    display({VIEW_MIME: request, "text/plain": text}, raw=True)  # type: ignore[no-untyped-call]
