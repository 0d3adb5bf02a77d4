"""The websocket framings, checked against an independent reading of the protocol."""

from __future__ import annotations

import json
import struct
import subprocess
import sys

import pytest

from collaboratory.kernel_api import framing
from collaboratory.runtimes.zmq_channels import DELIMITER, Signer, message_parts

from .wsclient import legacy_binary_parts, v1_frame, v1_parts

PARTS = [b'{"msg_id": "m1", "msg_type": "status"}', b"{}", b"{}", b'{"execution_state": "idle"}']


def test_v1_round_trip_with_buffers() -> None:
    parts = [*PARTS, b"\x00\x01", b""]
    frame = framing.encode_v1(b"iopub", parts)
    assert v1_parts(frame) == ("iopub", parts)
    assert framing.decode_v1(v1_frame("shell", parts)) == ("shell", parts)


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\x01",
        struct.pack("<Q", 3) + b"\x00" * 24,  # too few parts
        struct.pack("<7Q", 6, 56, 61, 70, 60, 80, 90),  # offsets out of order and past the end
    ],
)
def test_v1_rejects_malformed_frames(frame: bytes) -> None:
    with pytest.raises(framing.FramingError):
        framing.decode_v1(frame)


def test_legacy_text_is_spliced_from_raw_parts() -> None:
    text = framing.encode_legacy(b"iopub", PARTS)
    assert isinstance(text, str)
    msg = json.loads(text)
    assert msg["channel"] == "iopub" and msg["msg_id"] == "m1" and msg["msg_type"] == "status"
    assert msg["content"] == {"execution_state": "idle"} and msg["buffers"] == []


def test_legacy_binary_carries_buffers() -> None:
    frame = framing.encode_legacy(b"iopub", [*PARTS, b"abc", b"\xff"])
    assert isinstance(frame, bytes)
    head, buffers = legacy_binary_parts(frame)
    assert json.loads(head)["header"]["msg_id"] == "m1" and buffers == [b"abc", b"\xff"]
    channel, parts = framing.decode_legacy(frame)
    assert channel == "iopub" and parts[4:] == [b"abc", b"\xff"]


def test_legacy_from_client_is_repacked() -> None:
    text = json.dumps({"channel": "stdin", "header": {"msg_id": "x"}, "content": {"value": "é"}})
    channel, parts = framing.decode_legacy(text)
    assert channel == "stdin" and len(parts) == 4
    assert json.loads(parts[0]) == {"msg_id": "x"} and json.loads(parts[3]) == {"value": "é"}
    with pytest.raises(framing.FramingError):
        framing.decode_legacy("[1, 2]")
    with pytest.raises(framing.FramingError):
        framing.decode_legacy("not json")


def test_signing_matches_jupyter_client() -> None:
    from jupyter_client.session import Session

    session = Session(key=b"secret")
    frames = Signer(b"secret").wire(PARTS)
    assert frames[0] == DELIMITER and frames[1] == session.sign(PARTS)
    assert session.deserialize(frames[1:])["header"]["msg_id"] == "m1"
    assert message_parts([b"topic", *frames]) == PARTS
    assert message_parts([b"no delimiter"]) is None
    assert Signer(b"").wire(PARTS)[1] == b""


def test_the_package_imports_before_the_server() -> None:
    """The server mounts this package's router, so this package must not need it at import."""
    code = "import collaboratory.kernel_api, collaboratory.server"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
