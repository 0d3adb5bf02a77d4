"""Colab's ``drive.mount``. Mounting the service's Drive in the runtime is not built yet: the
mount point is checked as Colab checks it, then Colab's ``NotImplementedError`` for an
environment without Drive, naming what to use instead."""

from __future__ import annotations

import os

__all__ = ["flush_and_unmount", "mount"]

_NOT_YET = (
    "Mounting Drive is not available in Collaboratory runtimes yet. Upload the files you need "
    "to /content through the editor's Files panel, or download them in the cell from this "
    "service's API (GET /api/drive/items/{id}/content with a personal token kept as a secret)."
)


def mount(
    mountpoint: str, force_remount: bool = False, timeout_ms: int = 120000, readonly: bool = False
) -> None:
    """Mounts the user's Drive at ``mountpoint`` (on Colab); here NotImplementedError."""
    if " " in mountpoint:
        raise ValueError("Mountpoint must not contain a space.")
    path = os.path.abspath(os.path.expanduser(mountpoint))
    if path != "/content" and not path.startswith("/content/"):
        raise ValueError(f"Mountpoint must be in /content, not {mountpoint}")
    raise NotImplementedError(_NOT_YET)


def flush_and_unmount(timeout_ms: int = 24 * 60 * 60 * 1000) -> None:
    """Unmounts Drive (on Colab); here NotImplementedError, as nothing can be mounted."""
    raise NotImplementedError(_NOT_YET)
