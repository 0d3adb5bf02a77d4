"""Colab's user-defined snippets: ``snippets.register(url)`` adds a notebook to the
*Code snippets* panel, as *Tools > Settings > Snippet notebooks* does."""

from __future__ import annotations

from . import _message

__all__ = ["register"]

TIMEOUT_SECONDS = 30


def register(url: str) -> None:
    """Add new snippets to the snippets pane from a notebook url.

    Each Markdown heading of the notebook becomes a snippet in *Insert > Code snippets* for the
    user who runs the cell. ``url`` is the address of a notebook in this service's Drive
    (``https://…/notebooks/<id>``) or its id; the user must be able to open it.

    Raises:
      MessageError: the service refused (not a notebook of this Drive, or not the user's).
      TimeoutError: no answer came.
    """
    if not isinstance(url, str) or not url.strip():
        raise ValueError("Please give the URL of a notebook")
    reply = _message.blocking_request(
        "register_snippets", request={"url": url}, timeout_sec=TIMEOUT_SECONDS
    )
    if reply is None:
        raise TimeoutError(f"Registering snippets from {url} timed out.")
