"""The kernel's iopub journal: numbering, trimming to the server's acknowledgement, reading."""

from __future__ import annotations

import json
from pathlib import Path

from collaboratory.execution.journal import JournalReader, cell_of, execute_msg_id
from collaboratory.runtimes.kernel_start.journal import Journal

RUN = {"msg_id": "collaboratory.0011.c1", "msg_type": "execute_request"}


def status(state: str) -> bytes:
    return json.dumps({"execution_state": state}).encode()


def line(i: int) -> bytes:
    return json.dumps({"name": "stdout", "text": f"{i}\n"}).encode()


def test_trims_only_acknowledged_segments_and_keeps_the_last_status(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal", segment_bytes=1000)
    reader = JournalReader(tmp_path)
    assert journal.record("status", RUN, status("busy")) == 1
    for i in range(200):
        journal.record("stream", RUN, line(i))
    assert len(journal.segments()) > 5  # nothing acknowledged: nothing trimmed
    entries = [e for e in reader.entries() if not e.snapshot]
    assert [e.seq for e in entries] == list(range(1, 202))

    reader.ack(150)
    journal.record("stream", RUN, line(200))
    for i in range(201, 260):  # the next segment to fill trims
        journal.record("stream", RUN, line(i))
    kept = list(reader.entries(150))
    numbers = [e.seq for e in kept if not e.snapshot]
    assert numbers == list(range(151, 262))  # everything unacknowledged is still there
    first_kept = int(journal.segments()[0].stem)
    assert 100 < first_kept <= 151  # acknowledged segments went
    # the segment that now comes first still says the kernel is busy with the run
    [snapshot] = [e for e in kept if e.snapshot][:1]
    assert snapshot.msg_type == "status" and snapshot.content == {"execution_state": "busy"}
    assert snapshot.parent_id == RUN["msg_id"]
    assert [e.seq for e in reader.between(155, 157)] == [155, 156, 157]


def test_a_restarted_kernel_numbers_on(tmp_path: Path) -> None:
    first = Journal(tmp_path / "journal")
    for i in range(5):
        first.record("stream", RUN, line(i))
    again = Journal(tmp_path / "journal")
    assert again.record("status", RUN, status("idle")) == 6
    assert [e.seq for e in JournalReader(tmp_path).entries(4)] == [5, 6]


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    journal.record("stream", RUN, line(0))
    with journal.segments()[-1].open("ab") as f:
        f.write(b'{"seq":2,"msg_type":"str')
    assert [e.seq for e in JournalReader(tmp_path).entries()] == [1]


def test_execute_msg_ids_name_their_cell() -> None:
    assert cell_of(execute_msg_id("cell-1_a")) == "cell-1_a"
    assert cell_of("b9930675-af71b60d02a8a0dc4acd86cf_18547_1") is None
