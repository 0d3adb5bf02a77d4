"""OpenSSL (about 5 MB resident) stays out of a kernel until something in it needs OpenSSL.

Two imports load it at start, for things an idle kernel does not do:

- asyncio imports ``ssl`` for TLS transports, and ``asyncio.sslproto`` reads two of its
  classes at import. Both are deferred: their bodies run on first use (a user's
  ``ssl.create_default_context()``, an https request, ``isinstance(sock, ssl.SSLSocket)``).
- jupyter_client's session module imports ``hashlib`` and ``hmac`` to sign messages, and
  ``hashlib`` loads OpenSSL's digests. The session module gets private copies of the two, as
  the standard library builds them where OpenSSL is absent (its own SHA-256); the names
  import as usual afterwards, so a user's ``import hashlib`` has OpenSSL. Large messages are
  signed with OpenSSL's HMAC, loaded then (:mod:`.session`).
"""

from __future__ import annotations

import importlib.util
import types

from .deferred import defer_module, stand_ins

TLS_MODULES = ("ssl", "asyncio.sslproto")  # in this order: asyncio's import reads the first


def defer_tls() -> None:
    """Defer the TLS modules; must run before asyncio is imported."""
    for name in TLS_MODULES:
        defer_module(name, {})


def builtin_digest_modules() -> dict[str, types.ModuleType]:
    """``hashlib`` and ``hmac`` without OpenSSL: fresh copies, not put in ``sys.modules``."""
    with stand_ins({"_hashlib": None}, replace=True):
        hashlib = _fresh("hashlib")
        with stand_ins({"hashlib": hashlib}, replace=True):  # hmac's own ``import hashlib``
            hmac = _fresh("hmac")
    return {"hashlib": hashlib, "hmac": hmac}


def _fresh(name: str) -> types.ModuleType:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, f"the standard library has {name}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
