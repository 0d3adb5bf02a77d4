"""Renames are found on either side, outermost only, and only onto a free path."""

from __future__ import annotations

from collaboratory.drive.mount.localfs import LocalEntry, RelPath
from collaboratory.drive.mount.plan import Synced
from collaboratory.drive.mount.renames import Rename, find_renames, move_prefix
from collaboratory.drive.mount.tree import DriveNode

DIR, FILE = LocalEntry("dir", 1, 0, 9), LocalEntry("file", 2, 5, 7)
FOLDER, NODE = DriveNode("F", "folder", "", 0), DriveNode("N", "file", "v", 5)


def test_a_folder_renamed_in_the_runtime_moves_once_with_its_contents() -> None:
    state: dict[RelPath, Synced] = {
        ("a",): Synced("F", "", DIR.sig),
        ("a", "x"): Synced("N", "v", FILE.sig),
    }
    drive: dict[RelPath, DriveNode] = {("a",): FOLDER, ("a", "x"): NODE}
    local: dict[RelPath, LocalEntry] = {("b",): DIR, ("b", "x"): FILE}
    assert find_renames(state, drive, local) == [Rename(True, ("a",), ("b",), "F")]


def test_a_rename_in_drive_needs_an_unchanged_file_and_a_free_name() -> None:
    state: dict[RelPath, Synced] = {("a",): Synced("N", "v", FILE.sig)}
    drive: dict[RelPath, DriveNode] = {("b",): NODE}
    assert find_renames(state, drive, {("a",): FILE}) == [Rename(False, ("a",), ("b",), "N")]
    edited = LocalEntry("file", 2, 6, 8)
    assert find_renames(state, drive, {("a",): edited}) == []
    assert find_renames(state, drive, {("a",): FILE, ("b",): edited}) == []


def test_a_changed_file_at_a_new_path_is_not_a_rename() -> None:
    state: dict[RelPath, Synced] = {("a",): Synced("N", "v", FILE.sig)}
    drive: dict[RelPath, DriveNode] = {("a",): NODE}
    assert find_renames(state, drive, {("b",): LocalEntry("file", 2, 6, 8)}) == []


def test_move_prefix_moves_what_is_below() -> None:
    mapping = {("a",): 1, ("a", "x"): 2, ("ab",): 3}
    move_prefix(mapping, ("a",), ("c", "d"))
    assert mapping == {("c", "d"): 1, ("c", "d", "x"): 2, ("ab",): 3}
