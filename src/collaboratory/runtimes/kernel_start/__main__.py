"""``python -m collaboratory_kernel -f CONNECTION_FILE``: start ipykernel, lighter."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

if __name__ == "__main__":
    # As ipykernel_launcher: nothing imports from the working directory while starting
    # (IPython puts it back on sys.path).
    if sys.path and (sys.path[0] == "" or os.path.abspath(sys.path[0]) == os.getcwd()):
        del sys.path[0]

from . import dates, native_order, openssl
from .deferred import defer_module, from_module, stand_ins

# Imported at start (by pathlib, tornado, shutil, ipykernel's parent poller)
# for calls an idle kernel does not make.
IDLE_STANDARD_MODULES = (
    "html",
    "html.entities",
    "ipaddress",
    "bz2",
    "lzma",
    "ctypes",
)


def lighten_imports() -> None:
    """Defer or leave out what an idle kernel does not use; see the package's docstring."""
    openssl.defer_tls()  # first: asyncio, which reads ssl, is imported by what follows
    from .debugger import debugpy_installed

    for name in IDLE_STANDARD_MODULES:
        defer_module(name, {})
    connect, blocking = "jupyter_client.connect", "jupyter_client.blocking"
    defer_module(
        "jupyter_client",
        {
            "write_connection_file": from_module(connect, "write_connection_file"),
            "find_connection_file": from_module(connect, "find_connection_file"),
            "BlockingKernelClient": from_module(blocking, "BlockingKernelClient"),
        },
    )
    # Imported now, with these stand-ins, they keep them; the names import as usual afterwards.
    stand_in_modules = {
        "curses": None,
        **dates.stand_in_modules(),
        **openssl.builtin_digest_modules(),
    }
    with stand_ins(stand_in_modules):
        for name in ("jupyter_client.jsonutil", "jupyter_client.session", "tornado.log"):
            importlib.import_module(name)
    defer_module("ipykernel.debugger", {"_is_debugpy_available": debugpy_installed})


def main() -> None:
    lighten_imports()
    native_order.install()  # before any user code: what TensorFlow must find loaded
    from ipykernel.ipkernel import IPythonKernel
    from ipykernel.kernelapp import IPKernelApp
    from traitlets import Type, default

    from .debugger import LazyDebugger
    from .journal import open_journal
    from .session import LeanSession

    class LeanKernel(IPythonKernel):
        """ipykernel's kernel, whose debugger is built on first use."""

        debugger_class = Type(LazyDebugger, klass=object)

    class LeanKernelApp(IPKernelApp):
        """ipykernel's application, whose session loads OpenSSL only for large messages."""

        @default("session")
        def _lean_session(self) -> LeanSession:
            return LeanSession(parent=self)

        def init_iopub(self, context: Any) -> None:
            super().init_iopub(context)  # type: ignore[no-untyped-call]
            session = self.session
            if isinstance(session, LeanSession) and self.connection_file:
                session.journal = open_journal(self.abs_connection_file)
                session.iopub_streams = (self.iopub_socket, self.iopub_thread)

    LeanKernelApp.launch_instance(kernel_class=LeanKernel)


if __name__ == "__main__":
    main()
