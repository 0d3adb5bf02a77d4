"""Jupyter comm traffic between a notebook's kernel and the browsers editing it (ipywidgets).

The kernel's comm messages reach every editor of the notebook; a shell reply goes back only to
the editor whose request it answers. An Output widget captures the outputs of the request whose
msg_id it holds: those go to the editors, to be shown inside the widget, not into the cell.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from jupyter_client.jsonutil import json_default

Subscriber = Callable[[str, dict[str, Any]], None]  # (channel, Jupyter message)

COMM_TYPES = frozenset({"comm_open", "comm_msg", "comm_close"})
OUTPUT_TYPES = frozenset(
    {"stream", "display_data", "update_display_data", "execute_result", "error", "clear_output"}
)
FROM_BROWSERS = frozenset({"comm_open", "comm_msg", "comm_close", "comm_info_request"})
OUTPUT_MODEL = "OutputModel"
MAX_ASKERS = 1000  # requests whose reply never came are forgotten past this many


class RelayHub:
    """One notebook's editors, as far as its kernel's comm traffic goes."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._askers: dict[str, Subscriber] = {}

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)
            for msg_id in [k for k, v in self._askers.items() if v is subscriber]:
                del self._askers[msg_id]

        return unsubscribe

    @property
    def empty(self) -> bool:
        return not self._subscribers

    def asked(self, msg_id: str, subscriber: Subscriber) -> None:
        """``subscriber`` sent request ``msg_id``: its shell reply is for it alone."""
        if len(self._askers) >= MAX_ASKERS:
            del self._askers[next(iter(self._askers))]
        self._askers[msg_id] = subscriber

    def deliver(self, channel: str, msg: dict[str, Any]) -> None:
        if channel == "shell":
            asker = self._askers.pop(msg.get("parent_header", {}).get("msg_id", ""), None)
            if asker is not None:
                asker(channel, msg)
            return
        for subscriber in list(self._subscribers):
            subscriber(channel, msg)


class OutputCaptures:
    """Which requests' outputs Output widgets capture now, from the widgets' own comm traffic."""

    def __init__(self) -> None:
        self._widgets: dict[str, str] = {}  # comm_id of an Output widget -> msg_id it captures

    def observe(self, msg_type: str, content: dict[str, Any]) -> None:
        comm_id = str(content.get("comm_id", ""))
        data = content.get("data")
        state = data.get("state") if isinstance(data, dict) else None
        if msg_type == "comm_close":
            self._widgets.pop(comm_id, None)
        elif msg_type == "comm_open" and isinstance(state, dict):
            if state.get("_model_name") == OUTPUT_MODEL:
                self._widgets[comm_id] = str(state.get("msg_id") or "")
        elif comm_id in self._widgets and isinstance(state, dict) and "msg_id" in state:
            # an update of another trait leaves the capture as it is
            self._widgets[comm_id] = str(state.get("msg_id") or "")

    def captured(self, parent_msg_id: str) -> bool:
        return bool(parent_msg_id) and parent_msg_id in self._widgets.values()


def to_json(channel: str, msg: dict[str, Any]) -> str:
    """A kernel message as the browser's relay frame; binary buffers become base64."""
    buffers = [base64.b64encode(bytes(b)).decode("ascii") for b in msg.get("buffers") or []]
    body = {
        "header": msg.get("header", {}),
        "parent_header": msg.get("parent_header", {}),
        "metadata": msg.get("metadata", {}),
        "content": msg.get("content", {}),
        "buffers": buffers,
        "channel": channel,
    }
    return json.dumps({"type": "kernel", "channel": channel, "msg": body}, default=json_default)


def decode_buffers(buffers: list[str]) -> list[bytes]:
    """Raises ValueError on anything but base64."""
    return [base64.b64decode(b, validate=True) for b in buffers]
