"""Colab's ``google.colab.output``: what a cell does with its own output area, and JavaScript in
its outputs calling Python (``register_callback`` + ``google.colab.kernel.invokeFunction``)."""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = [
    "EVAL_JS_MIME",
    "clear",
    "eval_js",
    "no_vertical_scroll",
    "redirect_to_element",
    "register_callback",
    "serve_kernel_port_as_iframe",
    "serve_kernel_port_as_window",
    "temporary",
    "to_default_area",
    "to_footer_area",
    "to_header_area",
    "unregister_callback",
    "use_tags",
]

_tags = threading.local()


def clear(wait: bool = False, output_tags: str | Iterable[str] = ()) -> None:
    """Clears the cell's output. Outputs are not tagged here: with or without ``output_tags``,
    all of the cell's output goes."""
    if not isinstance(wait, bool):
        raise ValueError("wait must be a boolean value")
    from IPython.display import clear_output

    sys.stdout.flush()
    sys.stderr.flush()
    clear_output(wait=wait)  # type: ignore[no-untyped-call]


def _active_tags() -> set[str]:
    if not hasattr(_tags, "active"):
        _tags.active = set()
    active: set[str] = _tags.active
    return active


@contextlib.contextmanager
def use_tags(tags: str | Iterable[str], append: bool = True) -> Iterator[set[str]]:
    """Marks what is shown within the context with ``tags`` (kept for ``clear``, which here
    clears the whole output whatever the tags)."""
    wanted = {tags} if isinstance(tags, str) else set(tags)
    active = _active_tags()
    before = set(active)
    if not append:
        active.clear()
    active.update(wanted)
    try:
        yield set(active)
    finally:
        active.clear()
        active.update(before)


@contextlib.contextmanager
def temporary() -> Iterator[str]:
    """What is shown within the context is cleared when it exits (here: the whole output)."""
    import uuid

    tag = str(uuid.uuid4())
    with use_tags(tag):
        yield tag
    clear(output_tags=tag)


@contextlib.contextmanager
def redirect_to_element(selector: Any) -> Iterator[None]:
    """On Colab, outputs within the context go into an element of an earlier output. Here each
    output is its own sandboxed frame, so they stay in the cell's output area, in order."""
    yield


def to_header_area() -> contextlib.AbstractContextManager[None]:
    """Colab's header area; here the cell's output area (see :func:`redirect_to_element`)."""
    return redirect_to_element("#output-header")


def to_footer_area() -> contextlib.AbstractContextManager[None]:
    """Colab's footer area; here the cell's output area (see :func:`redirect_to_element`)."""
    return redirect_to_element("#output-footer")


def to_default_area() -> contextlib.AbstractContextManager[None]:
    """The cell's output area."""
    return redirect_to_element(None)


def no_vertical_scroll() -> None:
    """Output frames here always fit their content: nothing to change."""


def _unsupported_port(call: str, port: int) -> None:
    message = (
        f"output.{call}({port}) is not available in Collaboratory runtimes: the service does "
        "not proxy a runtime's ports to the browser. Show the content in the output instead "
        "(IPython.display.HTML, or an image), or write it to a file and use files.download()."
    )
    print(message, file=sys.stderr)


def serve_kernel_port_as_iframe(
    port: int,
    path: str = "/",
    width: str = "100%",
    height: str = "400",
    cache_in_notebook: bool = False,
) -> None:
    """Colab shows a page the runtime serves on ``port``; here a message says it cannot."""
    _unsupported_port("serve_kernel_port_as_iframe", port)


def serve_kernel_port_as_window(
    port: int, path: str = "/", anchor_text: str | None = None, skip_warning: bool = False
) -> None:
    """Colab links to a page the runtime serves on ``port``; here a message says it cannot."""
    _unsupported_port("serve_kernel_port_as_window", port)


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


_functions: dict[str, Callable[..., Any]] = {}


def register_callback(function_name: str, callback: Callable[..., Any]) -> None:
    """Lets JavaScript in this notebook's outputs call ``callback``:
    ``google.colab.kernel.invokeFunction(function_name, [1, 2], {hi: 'bye'})`` runs
    ``callback(1, 2, hi='bye')`` in the kernel, and its Promise resolves to the result, whose
    ``data['application/json']`` is the value when the callback returns
    ``IPython.display.JSON(value)``."""
    _functions[function_name] = callback


def unregister_callback(function_name: str) -> None:
    """Removes a callback ``register_callback`` registered.

    Raises:
      ValueError: no callback is registered under ``function_name``.
    """
    try:
        del _functions[function_name]
    except KeyError as exc:
        raise ValueError(f"Callback function not registered: {function_name}.") from exc


def _invoke_function(function_name: str, json_args: str, json_kwargs: str) -> Any:
    """What the service runs in the kernel for ``invokeFunction``: the callback's value.

    Raises:
      ValueError: no callback is registered under ``function_name``.
    """
    args = json.loads(json_args)
    kwargs = json.loads(json_kwargs)
    callback = _functions.get(function_name)
    if callback is None:
        raise ValueError(f"Function not found: {function_name}")
    return callback(*args, **kwargs)
