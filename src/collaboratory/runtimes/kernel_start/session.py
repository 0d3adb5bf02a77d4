"""The kernel's message session: signs like jupyter_client's, loading OpenSSL only for bulk.

Imported after ``jupyter_client.session`` was imported with the standard library's digests
(:mod:`.openssl`). Small messages, which are most of them (status, replies, a line of output),
are signed by that SHA-256; from the first message of ``LARGE_MESSAGE`` bytes on, the session
signs with OpenSSL's HMAC, about six times faster on big outputs. The signature is the same.
"""

from __future__ import annotations

from typing import Any

from jupyter_client.session import Session

LARGE_MESSAGE = 64 * 1024


class LeanSession(Session):
    _openssl_auth: Any = None

    def _new_auth(self) -> None:
        super()._new_auth()
        self._openssl_auth = None

    def sign(self, msg_list: list[Any]) -> bytes:
        if self.auth is None:
            return b""
        auth = self._openssl_auth
        if auth is None:
            if sum(len(part) for part in msg_list) < LARGE_MESSAGE:
                return super().sign(msg_list)
            auth = self._openssl_auth = self._openssl_hmac()
        h = auth.copy()
        for part in msg_list:
            h.update(part)
        digest: str = h.hexdigest()
        return digest.encode()

    def _openssl_hmac(self) -> Any:
        import hmac  # the standard module itself, with OpenSSL: imported now

        return hmac.new(self.key, digestmod=self.digest_mod().name)
