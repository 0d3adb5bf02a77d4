"""The three-way reconcile's decisions, one situation at a time."""

from __future__ import annotations

from collaboratory.drive.mount.localfs import LocalEntry, RelPath
from collaboratory.drive.mount.plan import Action, Synced, plan
from collaboratory.drive.mount.tree import DriveNode

State = dict[RelPath, Synced]
Tree = dict[RelPath, DriveNode]
Local = dict[RelPath, LocalEntry]


def f(ino: int, size: int = 1, mtime: int = 1) -> LocalEntry:
    return LocalEntry("file", ino, size, mtime)


def d(ino: int) -> LocalEntry:
    return LocalEntry("dir", ino, 0, 5)


def node(item: str, version: str = "v1", kind: str = "file") -> DriveNode:
    return DriveNode(item, kind, version, 1)


def folder(item: str) -> DriveNode:
    return DriveNode(item, "folder", "", 0)


def kinds(actions: list[Action]) -> list[tuple[str, str]]:
    return [(a.kind, "/".join(a.path)) for a in actions]


def test_one_sided_changes_cross_over() -> None:
    state: State = {("a",): Synced("A", "v1", f(1).sig), ("b",): Synced("B", "v1", f(2).sig)}
    drive: Tree = {("a",): node("A", "v2"), ("b",): node("B"), ("new",): node("N")}
    local: Local = {("a",): f(1), ("b",): f(2, size=9), ("mine",): f(3)}
    assert kinds(plan(state, drive, local)) == [
        ("pull", "a"),  # changed in Drive
        ("push", "b"),  # changed in the directory
        ("push", "mine"),
        ("pull", "new"),
    ]


def test_nothing_changed_nothing_done() -> None:
    state: State = {("a",): Synced("A", "v1", f(1).sig), ("x",): Synced("X", "", d(7).sig)}
    drive: Tree = {("a",): node("A"), ("x",): folder("X")}
    assert plan(state, drive, {("a",): f(1), ("x",): d(7)}) == []


def test_deletions_cross_over_unless_the_other_side_changed() -> None:
    state: State = {
        ("gone_here",): Synced("G", "v1", f(1).sig),
        ("gone_there",): Synced("T", "v1", f(2).sig),
        ("edited_there",): Synced("E", "v1", f(3).sig),
        ("edited_here",): Synced("H", "v1", f(4).sig),
        ("both",): Synced("B", "v1", f(5).sig),
    }
    drive: Tree = {("gone_here",): node("G"), ("edited_there",): node("E", "v2")}
    local: Local = {("gone_there",): f(2), ("edited_here",): f(4, size=7)}
    assert sorted(kinds(plan(state, drive, local))) == [
        ("forget", "both"),
        ("pull", "edited_there"),  # Drive's edit beats the directory's deletion
        ("push", "edited_here"),  # and the other way round
        ("remove", "gone_there"),
        ("trash", "gone_here"),
    ]


def test_both_changed_the_runtime_wins() -> None:
    state: State = {("a",): Synced("A", "v1", f(1).sig)}
    drive: Tree = {("a",): node("A", "v2")}
    [action] = plan(state, drive, {("a",): f(1, size=5)})
    assert (action.kind, action.item_id) == ("push", "A")


def test_a_deleted_folder_goes_whole_unless_something_inside_is_new() -> None:
    state: State = {
        ("x",): Synced("X", "", d(1).sig),
        ("x", "a"): Synced("XA", "v1", f(2).sig),
        ("y",): Synced("Y", "", d(3).sig),
        ("y", "a"): Synced("YA", "v1", f(4).sig),
    }
    drive: Tree = {("x",): folder("X"), ("x", "a"): node("XA"), ("y",): folder("Y")}
    drive[("y", "a")] = node("YA")
    drive[("y", "new")] = node("YN")  # added in Drive after the runtime removed y
    local: Local = {}
    assert kinds(plan(state, drive, local)) == [
        ("trash", "x"),  # once, for the folder and all in it
        ("pull", "y"),
        ("trash", "y/a"),
        ("pull", "y/new"),
    ]


def test_a_folder_removed_in_drive_leaves_the_directory_whole() -> None:
    state: State = {("x",): Synced("X", "", d(1).sig), ("x", "a"): Synced("XA", "v1", f(2).sig)}
    assert kinds(plan(state, {}, {("x",): d(1), ("x", "a"): f(2)})) == [("remove", "x")]


def test_links_and_what_is_below_them_are_left_alone() -> None:
    state: State = {("sub",): Synced("S", "", d(1).sig)}
    drive: Tree = {("sub",): folder("S"), ("sub", "dropped.txt"): node("D")}
    assert plan(state, drive, {}, refused={("sub",)}) == []


def test_a_kind_change_replaces_the_item() -> None:
    state: State = {("x",): Synced("X", "v1", f(1).sig)}
    drive: Tree = {("x",): node("X")}
    assert kinds(plan(state, drive, {("x",): d(9)})) == [
        ("trash", "x"),
        ("push", "x"),
    ]


def test_readonly_puts_drive_back_and_pushes_nothing() -> None:
    state: State = {("a",): Synced("A", "v1", f(1).sig), ("b",): Synced("B", "v1", f(2).sig)}
    drive: Tree = {("a",): node("A"), ("b",): node("B")}
    local: Local = {("a",): f(1, size=3), ("c",): f(5)}
    assert kinds(plan(state, drive, local, readonly=True)) == [
        ("pull", "a"),
        ("pull", "b"),
        ("remove", "c"),
    ]


def test_a_refused_notebook_is_not_retried_until_it_changes() -> None:
    assert plan({}, {}, {("bad.ipynb",): f(1)}, rejected={("bad.ipynb",): f(1).sig}) == []
    assert kinds(plan({}, {}, {("bad.ipynb",): f(1, size=2)}, rejected={})) == [
        ("push", "bad.ipynb")
    ]
