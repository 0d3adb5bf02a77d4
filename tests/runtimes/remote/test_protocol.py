"""The link's reliable delivery, message framing, and the laptop side's light imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from collaboratory.runtimes.remote.protocol import (
    Inbox,
    Outbox,
    decode,
    encode,
    jupyter_message,
    machine_type_id,
    wire_message,
)


def test_unacknowledged_frames_are_sent_again_after_a_reconnect() -> None:
    outbox, inbox = Outbox(), Inbox()
    for n in range(5):
        outbox.push({"type": "msg", "n": n})
    first = outbox.unsent()
    assert [f["seq"] for f in first] == [1, 2, 3, 4, 5]
    for frame in first[:2]:  # the link drops after two frames arrived
        assert inbox.take(frame)
    outbox.push({"type": "msg", "n": 5})
    outbox.rewind(inbox.received)  # the peer's hello says it has 2
    again = outbox.unsent()
    assert [f["n"] for f in again] == [2, 3, 4, 5]
    assert [inbox.take(f) for f in [first[2], *again]] == [True, False, True, True, True]
    assert inbox.ack_frame() == {"type": "ack", "ack": 6}
    assert inbox.ack_frame() is None
    outbox.ack(6)
    assert outbox.pending() == 0


def test_a_full_outbox_drops_its_oldest_frames() -> None:
    outbox = Outbox(limit=3)
    for n in range(5):
        outbox.push({"type": "msg", "n": n})
    assert [f["n"] for f in outbox.unsent()] == [2, 3, 4] and outbox.dropped == 2


def test_messages_cross_as_json_with_base64_buffers() -> None:
    msg = {
        "header": {"msg_id": "m1", "msg_type": "comm_msg", "date": "2026-01-01T00:00:00Z"},
        "parent_header": {},
        "metadata": {},
        "content": {"data": {}},
        "buffers": [b"\x00\x01", memoryview(b"xy")],
    }
    back = jupyter_message(decode(encode({"type": "msg", "msg": wire_message(msg)}))["msg"])
    assert back["buffers"] == [b"\x00\x01", b"xy"] and back["msg_type"] == "comm_msg"


@pytest.mark.parametrize(
    "bad",
    [None, [], {"header": {}}, {"header": {"msg_id": 1, "msg_type": "x"}, "parent_header": {},
                               "metadata": {}, "content": {}}],
)  # fmt: skip
def test_malformed_messages_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        jupyter_message(bad)


def test_frames_are_json_objects_with_a_type() -> None:
    for text in ("[]", '{"seq": 1}', "not json"):
        with pytest.raises(ValueError):
            decode(text)


def test_machine_type_ids_are_stable_slugs() -> None:
    assert machine_type_id("My Laptop.home") == "machine-my-laptop-home"


def test_the_laptop_side_imports_no_server_package() -> None:
    code = (
        "import sys, collaboratory.cli.main, collaboratory.runtimes.remote.laptop\n"
        "heavy = {'fastapi', 'sqlalchemy', 'starlette', 'pycrdt', 'alembic',"
        " 'collaboratory.server'}\nprint(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
