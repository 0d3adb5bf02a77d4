"""The merge after a server restart: nothing deleted, differing files kept twice."""

from __future__ import annotations

from collaboratory.drive.mount.merge import aside_name, merge_the_unknown, plan_merge
from collaboratory.drive.mount.plan import Synced, plan
from tests.drive.mount.test_plan import Local, State, Tree, d, f, folder, kinds, node


def test_never_deletes_and_copies_what_one_side_lacks() -> None:
    drive: Tree = {
        ("data",): folder("D"),
        ("data", "in.csv"): node("I"),
        ("only-drive",): node("O"),
    }
    local: Local = {("data",): d(1), ("only-here",): f(2), ("data", "out.csv"): f(3)}
    assert kinds(plan_merge(drive, local)) == [
        ("adopt", "data"),
        ("pull", "only-drive"),
        ("push", "only-here"),
        ("pull", "data/in.csv"),
        ("push", "data/out.csv"),
    ]


def test_files_on_both_sides_and_kind_clashes_are_merged_not_replaced() -> None:
    drive: Tree = {("same",): node("S"), ("clash",): node("C"), ("clash2",): folder("F")}
    drive[("clash2", "x")] = node("X")
    local: Local = {("same",): f(1), ("clash",): d(2), ("clash", "inner"): f(3), ("clash2",): f(4)}
    assert kinds(plan_merge(drive, local)) == [
        ("merge", "clash"),  # the runtime's folder is set aside; its contents go with it later
        ("merge", "clash2"),
        ("merge", "same"),
        ("pull", "clash2/x"),
    ]


def test_refused_paths_are_left_alone() -> None:
    drive: Tree = {("link",): folder("L"), ("link", "a"): node("A")}
    assert plan_merge(drive, {}, refused={("link",)}) == []


def test_aside_names_keep_the_extension_and_count_up() -> None:
    assert aside_name("data.csv", "Drive copy", set()) == "data (Drive copy).csv"
    assert aside_name("README", "runtime copy", set()) == "README (runtime copy)"
    assert aside_name(".bashrc", "Drive copy", set()) == ".bashrc (Drive copy)"
    taken = {"a (Drive copy).txt", "a (Drive copy 2).txt"}
    assert aside_name("a.txt", "Drive copy", taken) == "a (Drive copy 3).txt"


def test_a_resumed_round_merges_what_its_state_does_not_know() -> None:
    state: State = {("known",): Synced("K", "v1", f(1).sig)}
    drive: Tree = {("known",): node("K", "v2"), ("unknown",): node("U"), ("clash",): folder("C")}
    local: Local = {("known",): f(1), ("unknown",): f(2), ("clash",): f(3)}
    actions = plan(state, drive, local)
    assert kinds(actions) == [
        ("remove", "clash"),
        ("pull", "clash"),
        ("pull", "known"),
        ("pull", "unknown"),
    ]
    assert kinds(merge_the_unknown(actions, state, drive, local)) == [
        ("merge", "clash"),
        ("pull", "known"),  # Drive changed, the runtime did not: as usual
        ("merge", "unknown"),
    ]
