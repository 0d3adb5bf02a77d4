"""Colab's user secrets: ``userdata.get(name)`` from the *Secrets* panel of the editor."""

from __future__ import annotations

import re
import threading

from . import _message
from .errors import Error

__all__ = ["NotebookAccessError", "SecretNotFoundError", "TimeoutException", "get"]


class NotebookAccessError(Error):
    """Exception thrown then the current notebook doesn't have access to the requested secret."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Notebook does not have access to secret {key}")


class SecretNotFoundError(Error):
    """Exception thrown when the requested secret is not found."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Secret {key} does not exist.")


class TimeoutException(Error):
    """Exception thrown when requesting a secret times out."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"Requesting secret {key} timed out. Secrets can only be fetched when"
            " running from the Colab UI."
        )


_userdata_lock = threading.Lock()
# a first access asks the notebook's user to grant it in the editor: wait for them
TIMEOUT_SECONDS = 120


def get(key: str) -> str:
    """Fetches the value of the secret ``key`` (safe to use from several threads).

    Raises:
      TimeoutException: no answer came (the request went unanswered).
      NotebookAccessError: this notebook was not granted access to the secret.
      SecretNotFoundError: the user has no secret of that name.
    """
    if not key or not isinstance(key, str):
        raise ValueError("Please enter a valid secret name")
    if re.search(r"\s", key):
        raise ValueError("Secret name cannot contain spaces or whitespace")
    with _userdata_lock:
        resp = _message.blocking_request(
            "GetSecret", request={"key": key}, timeout_sec=TIMEOUT_SECONDS
        )
    if not resp:
        raise TimeoutException(key)
    if not resp.get("exists", False):
        raise SecretNotFoundError(key)
    if not resp.get("access", False):
        raise NotebookAccessError(key)
    return str(resp.get("payload", ""))
