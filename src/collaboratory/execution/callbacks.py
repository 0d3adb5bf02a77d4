"""Colab's ``google.colab.kernel.invokeFunction``: JavaScript in a notebook's output calls a
Python function the notebook registered with ``output.register_callback``.

As on Colab, the call is code run in the kernel (kept out of its history) that calls the
callback through ``google.colab.output._invoke_function``; the call's result is the
``execute_result`` of that code (``data``, ``metadata``), so a callback returning
``IPython.display.JSON(value)`` gives ``data['application/json'] == value``. What the callback
prints or displays goes into the outputs of the cell whose output made the call.
"""

from __future__ import annotations

import json
from typing import Any

from collaboratory.execution.kernel_session import KernelSession
from collaboratory.execution.outputs import OutputWriter

# What a callback may write into its cell (its value is the call's result, not an output).
_CELL_OUTPUTS = frozenset({"stream", "display_data", "update_display_data", "clear_output"})


class CallbackFailed(Exception):
    """The callback raised (or is not registered): ``ename: evalue`` reaches the JavaScript."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invoke_code(name: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    """The code that calls the callback; every value is a Python string literal, never code."""
    module = "__import__('importlib').import_module('google.colab.output')"
    return f"{module}._invoke_function({name!r}, {json.dumps(args)!r}, {json.dumps(kwargs)!r})"


async def invoke(session: KernelSession, code: str, writer: OutputWriter | None) -> dict[str, Any]:
    """Runs ``code`` in the kernel: its execute_result's ``{data, metadata}`` (empty when it
    returned None).

    Raises:
      CallbackFailed: the code raised.
    """
    result: dict[str, Any] = {"data": {}, "metadata": {}}

    def on_iopub(kind: str, content: dict[str, Any]) -> None:
        if kind == "execute_result":
            result["data"] = content.get("data", {})
            result["metadata"] = content.get("metadata", {})
        elif writer is not None and kind in _CELL_OUTPUTS:
            writer.handle(kind, content)

    try:
        reply = await session.execute(code, on_iopub, store_history=False)
    finally:
        if writer is not None:
            writer.close()
    if reply.get("status") != "ok":
        ename, evalue = reply.get("ename", "Error"), reply.get("evalue", "")
        raise CallbackFailed(f"{ename}: {evalue}" if evalue else str(ename))
    return result
