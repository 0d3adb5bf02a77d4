"""OpenSSL stays out of an idle lean kernel and loads when a cell or a big message needs it."""

from __future__ import annotations

import hashlib
import hmac
import sys

import pytest
from jupyter_client.session import Session

from collaboratory.runtimes.kernel_start import openssl
from collaboratory.runtimes.kernel_start.session import LARGE_MESSAGE, LeanSession

from .conftest import Runtime

MAPS_OPENSSL = "any('libcrypto' in line for line in open('/proc/self/maps'))"


async def test_an_idle_kernel_has_not_loaded_openssl(lean_runtime: Runtime) -> None:
    rt = lean_runtime
    assert (await rt.run("print(6 * 7)")).stdout == "42\n"
    assert await rt.value(MAPS_OPENSSL) == "False"
    assert await rt.loaded("_ssl", "_hashlib") == []


async def test_tls_and_hashing_work_in_full_from_a_cell(lean_runtime: Runtime) -> None:
    rt = lean_runtime
    code = (
        "import ssl, hashlib, hmac, asyncio.sslproto\n"
        "print(ssl.create_default_context().verify_mode == ssl.CERT_REQUIRED)\n"
        "print(hasattr(hashlib, 'scrypt'), 'sha512_256' in hashlib.algorithms_available)\n"
        "print(hmac.new(b'k', b'm', 'sha256').hexdigest())\n"
        "print(asyncio.sslproto.SSLAgainErrors[0] is ssl.SSLWantReadError)"
    )
    expected = hmac.new(b"k", b"m", "sha256").hexdigest()
    result = await rt.run(code)
    assert result.error is None, result
    assert result.stdout.split("\n") == ["True", "True True", expected, "True", ""]
    assert await rt.value(MAPS_OPENSSL) == "True"


async def test_a_large_message_is_signed_by_openssl_and_accepted(lean_runtime: Runtime) -> None:
    rt = lean_runtime
    # The client checks every signature: a wrong one would drop the message.
    assert (await rt.run("print('x' * 100_000)")).stdout == "x" * 100_000 + "\n"
    assert await rt.value("get_ipython().kernel.session._openssl_auth is not None") == "True"
    assert (await rt.run("print('small again')")).stdout == "small again\n"


@pytest.mark.parametrize("size", [10, LARGE_MESSAGE - 100, LARGE_MESSAGE, 1 << 20])
def test_lean_session_signs_as_jupyter_client_does(size: int) -> None:
    key = b"a-connection-file-key"
    parts = [b"{header}", b"{}", b"{}", b"c" * size]
    assert LeanSession(key=key).sign(parts) == Session(key=key).sign(parts)


def test_lean_session_moves_to_openssl_at_the_first_large_message() -> None:
    session = LeanSession(key=b"k")
    session.sign([b"small"])
    assert session._openssl_auth is None
    session.sign([b"x" * LARGE_MESSAGE])
    assert session._openssl_auth is not None
    session.key = b"another key"  # a new key makes a new HMAC of each kind
    assert session._openssl_auth is None
    assert session.sign([b"x" * LARGE_MESSAGE]) == Session(key=b"another key").sign(
        [b"x" * LARGE_MESSAGE]
    )
    assert LeanSession(key=b"").sign([b"x" * LARGE_MESSAGE]) == b""  # unsigned sessions


def test_the_builtin_digests_are_private_copies_without_openssl() -> None:
    before = {name: sys.modules.get(name) for name in ("hashlib", "hmac", "_hashlib")}
    modules = openssl.builtin_digest_modules()
    assert {name: sys.modules.get(name) for name in before} == before
    private_hashlib, private_hmac = modules["hashlib"], modules["hmac"]
    assert private_hashlib is not hashlib and private_hashlib._hashlib is None
    assert not hasattr(private_hashlib, "scrypt")  # an OpenSSL-only function
    assert private_hmac._hashopenssl is None
    mac = private_hmac.HMAC(b"k", b"m", digestmod=private_hashlib.sha256)
    assert mac.hexdigest() == hmac.new(b"k", b"m", "sha256").hexdigest()
