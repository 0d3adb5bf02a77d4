"""Colab's request/reply with the service, over the kernel's own channels.

A request is a ``colab_request`` message on iopub (``metadata.colab_request_type``,
``metadata.colab_msg_id``, ``content.request``), whose parent is the running cell's request so
that the service knows which cell (and so which user and notebook) asks. The service answers
with an ``input_reply`` on the stdin channel whose ``value`` is
``{"type": "colab_reply", "colab_msg_id": id, "data": ...}`` (or ``"error": message``), which the
cell reads while it blocks, as on Colab.
"""

from __future__ import annotations

import time
from typing import Any

from .errors import Error

_NOT_READY = object()
_msg_id = 0


class MessageError(Error):
    """Thrown on error response from frontend."""


def _kernel() -> Any:
    from IPython import get_ipython

    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        raise MessageError("google.colab needs to run in a notebook's kernel")
    return kernel


def _read_next_input_message() -> Any:
    """The next value on the stdin channel, or _NOT_READY when none is there."""
    import zmq

    kernel = _kernel()
    try:
        _, reply = kernel.session.recv(kernel.stdin_socket, zmq.NOBLOCK)
    except Exception:  # a malformed or foreign message is skipped
        return _NOT_READY
    if reply is None:
        return _NOT_READY
    return reply.get("content", {}).get("value", "")


def read_reply_from_input(message_id: int, timeout_sec: float | None = None) -> Any:
    """Blocks until the reply to ``message_id`` arrives: its data, or None on timeout.

    Raises:
      MessageError: if the reply is an error.
    """
    deadline = time.time() + timeout_sec if timeout_sec else None
    while deadline is None or time.time() < deadline:
        reply = _read_next_input_message()
        if reply is _NOT_READY or not isinstance(reply, dict):
            time.sleep(0.025)
            continue
        if reply.get("type") == "colab_reply" and reply.get("colab_msg_id") == message_id:
            if "error" in reply:
                raise MessageError(reply["error"])
            return reply.get("data", None)
    return None


def send_request(
    request_type: str, request_body: Any, parent: Any = None, expect_reply: bool = True
) -> int | None:
    """Sends the request to the service without waiting for a reply; its id."""
    global _msg_id
    kernel = _kernel()
    metadata: dict[str, Any] = {"colab_request_type": request_type}
    request_id = None
    if expect_reply:
        _msg_id += 1
        request_id = _msg_id
        metadata["colab_msg_id"] = request_id
    if parent is None:
        parent = kernel.get_parent("shell")
    kernel.session.send(
        kernel.iopub_socket,
        "colab_request",
        content={"request": request_body},
        metadata=metadata,
        parent=parent,
    )
    return request_id


def blocking_request(
    request_type: str, request: Any = "", timeout_sec: float | None = 5, parent: Any = None
) -> Any:
    """Sends a request and blocks until its reply: the reply's data, or None on timeout."""
    request_id = send_request(request_type, request, parent=parent, expect_reply=True)
    assert request_id is not None
    return read_reply_from_input(request_id, timeout_sec)
