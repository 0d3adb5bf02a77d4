"""The markers that let a mount be taken back after a server restart."""

from __future__ import annotations

from pathlib import Path

from collaboratory.drive.mount.leftover import Leftover, MountMarkers
from collaboratory.drive.mount.plan import Synced


def test_a_marker_round_trips_and_goes(tmp_path: Path) -> None:
    markers = MountMarkers(tmp_path / "drive-mounts")
    assert markers.read("rt1") is None
    mark = Leftover("u1", ("drive",), 1234, readonly=False)
    markers.write("rt1", mark)
    assert markers.read("rt1") == mark
    markers.remove("rt1")
    markers.remove("rt1")  # twice is fine
    assert markers.read("rt1") is None


def test_odd_runtime_ids_and_broken_files_are_no_marker(tmp_path: Path) -> None:
    markers = MountMarkers(tmp_path)
    markers.write("../escape", Leftover("u1", ("drive",), 1, readonly=False))
    assert list(tmp_path.iterdir()) == [] and not (tmp_path.parent / "escape.json").exists()
    assert markers.read("../escape") is None
    (tmp_path / "rt2.json").write_text('{"user_id": "u1"}')
    assert markers.read("rt2") is None
    (tmp_path / "rt3.json").write_text("not json")
    assert markers.read("rt3") is None


def test_the_last_synced_state_round_trips(tmp_path: Path) -> None:
    markers = MountMarkers(tmp_path)
    state = {("a",): Synced("A", "v1", (1, 2, 3)), ("dir", "b.txt"): Synced("B", "k", (4, 5, 6))}
    markers.write("rt1", Leftover("u1", ("drive",), 9, readonly=False, state=state))
    found = markers.read("rt1")
    assert found is not None and found.state == state
    (tmp_path / "rt1.json").write_text(
        '{"user_id": "u", "mountpoint": ["d"], "root_ino": 1, "readonly": false, "state": [[1]]}'
    )
    assert markers.read("rt1") is None  # a broken state is no marker, never a wrong one
