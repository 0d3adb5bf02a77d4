"""Colab's ``drive.mount`` and ``drive.flush_and_unmount``.

The user's own Drive appears at ``<mountpoint>/MyDrive``: the service copies it into the
runtime and keeps both in sync while it is mounted (every few seconds, and at each call here).
The request goes over the kernel's own channel; the runtime is its user's, so no browser
consent is needed and it works in runs with no browser open. docs/COLAB.md says how it differs
from Colab's FUSE mount.
"""

from __future__ import annotations

import os
from typing import Any

from . import _message

__all__ = ["flush_and_unmount", "mount"]


def _ask(request_type: str, body: dict[str, Any], timeout_ms: int, failed: str) -> Any:
    try:
        reply = _message.blocking_request(request_type, body, timeout_sec=timeout_ms / 1000)
    except _message.MessageError as exc:
        raise ValueError(f"{failed}: {exc}") from None
    if reply is None:
        raise ValueError(f"{failed}: timed out")
    if isinstance(reply, dict) and reply.get("value_error"):
        raise ValueError(reply["value_error"])
    return reply if isinstance(reply, dict) else {}


def _warn(reply: dict[str, Any]) -> None:
    problems = reply.get("problems") or []
    if problems:
        print("Not synced with Drive:")
        for problem in problems[:20]:
            print(f"  {problem}")
        if len(problems) > 20:
            print(f"  … and {len(problems) - 20} more")


def mount(
    mountpoint: str, force_remount: bool = False, timeout_ms: int = 120000, readonly: bool = False
) -> None:
    """Mount your Google Drive at the specified mountpoint path."""
    if " " in mountpoint:
        raise ValueError("Mountpoint must not contain a space.")
    mountpoint = os.path.expanduser(mountpoint)
    path = os.path.normpath(os.path.abspath(mountpoint))
    if path == "/content":
        raise ValueError("Mountpoint must not already contain files")
    if not path.startswith("/content/"):
        raise ValueError(f"Mountpoint must be in /content, not {mountpoint}")
    body = {"mountpoint": path, "force_remount": force_remount, "readonly": readonly}
    reply = _ask("drive_mount", body, timeout_ms, "mount failed")
    _warn(reply)
    if reply.get("already"):
        print(
            f"Drive already mounted at {mountpoint}; to attempt to forcibly remount, "
            f'call drive.mount("{mountpoint}", force_remount=True).'
        )
        return
    kept_both = reply.get("kept_both") or []
    if kept_both:
        print("Mounted again after a server restart; both copies kept of what differed:")
        for line in kept_both[:20]:
            print(f"  {line}")
    print(f"Mounted at {mountpoint}")


def flush_and_unmount(timeout_ms: int = 24 * 60 * 60 * 1000) -> None:
    """Unmount Google Drive and flush any outstanding writes to it."""
    reply = _ask("drive_unmount", {}, timeout_ms, "flush_and_unmount failed")
    if reply.get("mounted") is False:
        print("Drive not mounted, so nothing to flush and unmount.")
        return
    _warn(reply)
    print("All changes made in this colab session should now be visible in Drive.")
