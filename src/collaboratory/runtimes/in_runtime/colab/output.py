"""Colab's ``google.colab.output``: what a cell does with its own output area."""

from __future__ import annotations

from typing import Any

__all__ = ["EVAL_JS_MIME", "clear", "eval_js", "register_callback"]


def clear(wait: bool = False, output_tags: Any = ()) -> None:
    """Clears the cell's output (``output_tags`` are not kept apart here: all of it goes)."""
    from IPython.display import clear_output

    clear_output(wait=wait)  # type: ignore[no-untyped-call]


EVAL_JS_MIME = "application/vnd.collaboratory.eval-js+json"


def eval_js(script: str, ignore_result: bool = False, timeout_sec: float | None = None) -> Any:
    """Evaluates JavaScript in the browser, in a sandboxed frame of the cell's output (never in
    the editor's own origin), and returns its value (a Promise is awaited; JSON values only).

    Raises:
      MessageError: the script threw (its message).
    """
    import time
    import uuid

    from IPython.display import display

    from . import _message

    eval_id = uuid.uuid4().hex
    request = {
        "id": eval_id,
        "script": script,
        "ignore_result": ignore_result,
        "requested_at": time.time(),
    }
    display({EVAL_JS_MIME: request, "text/plain": ""}, raw=True)  # type: ignore[no-untyped-call]
    if ignore_result:
        return None
    reply = _message.blocking_request("EvalJs", {"id": eval_id}, timeout_sec=timeout_sec)
    return reply.get("value") if isinstance(reply, dict) else None


def register_callback(function_name: str, callback: Any) -> None:
    """Lets output JavaScript call Python (on Colab); here NotImplementedError."""
    raise NotImplementedError(
        "output.register_callback() is not available in Collaboratory runtimes yet: "
        "use ipywidgets, whose events reach Python here."
    )
