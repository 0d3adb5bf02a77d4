"""The Jupyter debugger without importing debugpy until a client asks to debug."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import importlib.util
import inspect
import sys
import threading
from typing import Any


@functools.cache
def debugpy_installed() -> bool:
    """What ``ipykernel.debugger._is_debugpy_available`` says, without importing debugpy."""
    return importlib.util.find_spec("debugpy") is not None


class LazyDebugger:
    """Stands in for ``ipykernel.debugger.Debugger``; builds it (importing debugpy) when used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._arguments = (args, kwargs)
        self._built: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._lock = threading.Lock()

    def _debugger(self) -> Any:
        with self._lock:
            if not self._built.done():
                self._built.set_result(self._build())
        return self._built.result()

    def _build(self) -> Any:
        before = set(sys.modules)
        from ipykernel.debugger import Debugger

        arguments = inspect.signature(Debugger).bind(*self._arguments[0], **self._arguments[1])
        # The kernel lists its own modules (whose frames the debugger hides) when it starts:
        # add those the debugger just brought, as if they had been imported then.
        kernel_modules = arguments.arguments.get("kernel_modules")
        if isinstance(kernel_modules, list):
            loaded = [sys.modules.get(name) for name in set(sys.modules) - before]
            kernel_modules += [f for f in (getattr(m, "__file__", None) for m in loaded) if f]
        return Debugger(*arguments.args, **arguments.kwargs)  # type: ignore[no-untyped-call]

    async def process_request(self, message: dict[str, Any]) -> dict[str, Any]:
        debugger = self._debugger()
        import ipykernel.debugger

        if not ipykernel.debugger._is_debugpy_available:  # installed, but failed to load
            return {
                "type": "response",
                "request_seq": message.get("seq"),
                "success": False,
                "command": message.get("command"),
                "message": "debugpy could not be loaded in this kernel",
            }
        reply: dict[str, Any] = await debugger.process_request(message)
        return reply

    async def handle_stopped_event(self) -> None:
        """Waits until the debugger exists: ipykernel polls this from the start."""
        debugger = await asyncio.wrap_future(self._built)
        await debugger.handle_stopped_event()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._debugger(), name)
