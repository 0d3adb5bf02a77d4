"""Colab's ``google.colab.output``: what a cell does with its own output area."""

from __future__ import annotations

from typing import Any

__all__ = ["clear", "eval_js", "register_callback"]


def clear(wait: bool = False, output_tags: Any = ()) -> None:
    """Clears the cell's output (``output_tags`` are not kept apart here: all of it goes)."""
    from IPython.display import clear_output

    clear_output(wait=wait)  # type: ignore[no-untyped-call]


def eval_js(script: str, ignore_result: bool = False, timeout_sec: float | None = None) -> Any:
    """Evaluates JavaScript in the browser (on Colab); here NotImplementedError."""
    raise NotImplementedError(
        "output.eval_js() is not available in Collaboratory runtimes yet: display the script "
        "with IPython.display.Javascript (outputs run in a sandboxed frame) instead."
    )


def register_callback(function_name: str, callback: Any) -> None:
    """Lets output JavaScript call Python (on Colab); here NotImplementedError."""
    raise NotImplementedError(
        "output.register_callback() is not available in Collaboratory runtimes yet: "
        "use ipywidgets, whose events reach Python here."
    )
