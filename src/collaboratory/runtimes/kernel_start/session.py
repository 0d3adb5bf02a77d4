"""The kernel's message session: signs like jupyter_client's, loading OpenSSL only for bulk.

Imported after ``jupyter_client.session`` was imported with the standard library's digests
(:mod:`.openssl`). Small messages, which are most of them (status, replies, a line of output),
are signed by that SHA-256; from the first message of ``LARGE_MESSAGE`` bytes on, the session
signs with OpenSSL's HMAC, about six times faster on big outputs. The signature is the same.

With a :class:`~.journal.Journal`, outputs and statuses sent on iopub are numbered and
journaled first (their content packed once, for the journal and the wire alike).
"""

from __future__ import annotations

from typing import Any

from jupyter_client.session import Session

from .journal import JOURNALED, SEQ_KEY, Journal

LARGE_MESSAGE = 64 * 1024


class LeanSession(Session):
    _openssl_auth: Any = None
    journal: Journal | None = None
    iopub_streams: tuple[Any, ...] = ()

    def send(
        self,
        stream: Any,
        msg_or_type: dict[str, Any] | str,
        content: Any = None,
        parent: Any = None,
        ident: Any = None,
        buffers: Any = None,
        track: bool = False,
        header: Any = None,
        metadata: Any = None,
    ) -> Any:
        journal = self.journal
        if journal is None or stream is None or not any(s is stream for s in self.iopub_streams):
            return super().send(
                stream, msg_or_type, content, parent, ident, buffers, track, header, metadata
            )
        if isinstance(msg_or_type, dict):
            msg = msg_or_type
        else:
            msg = self.msg(msg_or_type, content, parent=parent, header=header, metadata=metadata)
        if msg["msg_type"] in JOURNALED:
            packed = msg["content"]
            if not isinstance(packed, bytes):
                packed = self.pack({} if packed is None else packed)
            msg["content"] = packed
            seq = journal.record(msg["msg_type"], msg["parent_header"] or {}, packed)
            msg["metadata"] = {**(msg["metadata"] or {}), SEQ_KEY: seq}
        return super().send(stream, msg, ident=ident, buffers=buffers, track=track)

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
