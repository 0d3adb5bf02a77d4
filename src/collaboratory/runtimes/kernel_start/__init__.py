"""A lighter start for ipykernel: the same kernel, minus imports an idle kernel never uses.

The runtime environment installs this package as the top-level package ``collaboratory_kernel``
(the server package is not importable inside the sandbox), and kernels start with
``python -m collaboratory_kernel -f {connection_file}`` in place of ``-m ipykernel_launcher``.
Importing it does nothing; ``__main__`` starts the kernel. What it leaves out until needed:

- ``jupyter_client``'s package ``__init__``, which imports the kernel manager and provisioning
  stack (``importlib.metadata``, ``email``, ``zipfile``…); a kernel needs a few submodules.
- ``debugpy``, which ``ipykernel.debugger`` imports at module level. The debugger is still
  advertised when debugpy is installed, and built on the first ``debug_request``.
- ``dateutil``, which ``jupyter_client.jsonutil`` uses to read the ISO 8601 dates of message
  headers; the standard library reads those the same.
- ``curses``, which tornado's log formatter uses to colour a terminal; a kernel has none.
- OpenSSL (about 5 MB), which asyncio's ``ssl`` and the message signing's ``hashlib`` load:
  see :mod:`.openssl`; large messages are signed by OpenSSL all the same (:mod:`.session`).
- standard modules imported at start but used only by calls an idle kernel does not make
  (``html``, ``ipaddress``, ``bz2``, ``lzma``, ``ctypes``; see ``IDLE_STANDARD_MODULES``): in
  ``sys.modules`` from the start, their bodies run on first use.

Every module here must stay self-contained: relative imports, the standard library and the
kernel's own packages (ipykernel, jupyter_client); never ``collaboratory``.
"""

from __future__ import annotations

MODULE_NAME = "collaboratory_kernel"


def source_files() -> dict[str, str]:
    """This package's modules by file name, to write into a runtime environment."""
    from pathlib import Path  # not at import: the kernel defers what pathlib imports

    here = Path(__file__).parent
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(here.glob("*.py"))}
