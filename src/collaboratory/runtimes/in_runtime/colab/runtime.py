"""Colab's ``google.colab.runtime``."""

from __future__ import annotations

from . import _message
from .errors import RuntimeManagementError

__all__ = ["unassign"]

_IS_EXTERNAL_COLAB = False


def unassign() -> None:
    """Asks the service to disconnect and delete this runtime (as *Disconnect and
    delete runtime*); the kernel ends soon after.

    Raises:
      RuntimeManagementError: the service refused or did not answer.
    """
    try:
        reply = _message.blocking_request("unassign", {}, timeout_sec=30)
    except _message.MessageError as exc:
        raise RuntimeManagementError(f"Unable to request VM unassignment: {exc}") from None
    if not reply or not reply.get("ok"):
        raise RuntimeManagementError("Unable to request VM unassignment.")
