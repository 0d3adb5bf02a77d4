"""The Jupyter ZMQ wire format: ``[idents..., <IDS|MSG>, signature, header, parent, metadata,
content, buffers...]``, signed with HMAC over the four JSON parts."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

DELIMITER = b"<IDS|MSG>"


class Signer:
    def __init__(self, key: bytes, scheme: str = "hmac-sha256") -> None:
        algorithm, _, digest = scheme.partition("-")
        if algorithm != "hmac" or not digest:
            raise ValueError(f"Unsupported signature scheme {scheme!r}.")
        # Copying a keyed HMAC is cheaper than keying a new one for every message.
        self._keyed = hmac.new(key, digestmod=getattr(hashlib, digest)) if key else None

    def wire(self, parts: Sequence[bytes]) -> list[bytes]:
        """The ZMQ frames for a message whose parts come from a client."""
        if self._keyed is None:
            return [DELIMITER, b"", *parts]
        mac = self._keyed.copy()
        for part in parts[:4]:
            mac.update(part)
        return [DELIMITER, mac.hexdigest().encode(), *parts]


def message_parts(frames: list[bytes]) -> list[bytes] | None:
    """The parts after the delimiter and signature, or ``None`` for a malformed message.

    The signature of a message from a kernel is not checked: the key is known to the kernel
    process, which runs the user's code, so a valid signature proves nothing the socket does
    not already prove, and skipping the HMAC keeps the kernel-to-client path free of hashing.
    """
    try:
        index = frames.index(DELIMITER)
    except ValueError:
        return None
    parts = frames[index + 2 :]
    return parts if len(parts) >= 4 else None
