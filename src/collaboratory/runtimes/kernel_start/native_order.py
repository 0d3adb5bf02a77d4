"""What must be loaded before TensorFlow, whose native library is loaded with ``RTLD_GLOBAL``.

TensorFlow's library then lends its symbols to every native library loaded after it: its own
LLVM and its BoringSSL. Two libraries of the ``ml`` image suffer from that:

- Triton (PyTorch's compiler: ``torch.optim``, ``torch.compile`` and others import it through
  ``torch._dynamo``) registers its own LLVM's command-line options in TensorFlow's registry,
  and LLVM aborts the whole process::

      : CommandLine Error: Option 'bitcode-mdindex-threshold' registered more than once!
      LLVM ERROR: inconsistency in registered CommandLine options

  so ``import tensorflow`` then a PyTorch optimizer (a common notebook) is a dead runtime with
  no Python error. Loaded first, with ``RTLD_LOCAL``, Triton keeps its LLVM to itself and both
  work (about 0.1 s).
- Python's ``_ssl`` binds to BoringSSL instead of the OpenSSL it was built for (urllib3 warns
  "the 'ssl' module is compiled with 'BoringSSL'"). TensorFlow imports ``ssl`` before its
  library for this reason, but the lean kernel defers ``ssl`` (:mod:`.openssl`), so that
  import ran no body: it runs here.

So on the first import of ``tensorflow`` both happen first; an idle kernel does neither, and a
kernel that never imports TensorFlow pays one name comparison per top-level import.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec, PathFinder
from typing import Any

TRIGGER = "tensorflow"
LIBRARY = ("_C", "libtriton.so")  # inside the triton package


class BeforeTensorFlow:
    """A meta path finder that finds nothing: on the first import of TensorFlow it loads what
    must come first, removes itself and lets the usual finders import it."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if fullname == TRIGGER:
            uninstall()
            load_ssl()
            load_triton_library()
        return None


def load_ssl() -> None:
    """Runs the body of ``ssl`` (deferred by the lean kernel), which loads OpenSSL."""
    try:
        import ssl

        ssl.OPENSSL_VERSION  # noqa: B018 - an unknown name runs a deferred module's body
    except ImportError:
        pass


def triton_library() -> str | None:
    """Where Triton's native library is, without importing triton; None when not installed."""
    spec = PathFinder.find_spec("triton")
    for folder in (spec and spec.submodule_search_locations) or ():
        library = os.path.join(folder, *LIBRARY)
        if os.path.isfile(library):
            return library
    return None


def load_triton_library() -> bool:
    """Loads Triton's library with its symbols kept local; False when there is none or it
    would not load (the import then goes on as it would have)."""
    library = triton_library()
    if library is None:
        return False
    import ctypes

    try:
        ctypes.CDLL(library, mode=os.RTLD_LOCAL)
    except OSError:
        return False
    return True


def install() -> None:
    if not any(isinstance(f, BeforeTensorFlow) for f in sys.meta_path):
        sys.meta_path.insert(0, BeforeTensorFlow())


def uninstall() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, BeforeTensorFlow)]
