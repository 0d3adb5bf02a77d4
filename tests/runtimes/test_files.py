"""A runtime's /content as the Files panel sees it: listing, links, and paths that must not pass."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collaboratory.errors import BadRequest, Conflict, NotFound
from collaboratory.runtimes.files import BadPath, RuntimeFiles, split_path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "rt" / "content"
    (root / ".packages" / "numpy").mkdir(parents=True)
    (root / "data" / "deep").mkdir(parents=True)
    (root / "data" / "a.csv").write_text("x,y\n1,2\n")
    (root / "notes.txt").write_text("hello")
    (tmp_path / "secret.txt").write_text("server data")
    return root


@pytest.fixture
def files(content: Path) -> RuntimeFiles:
    return RuntimeFiles(content)


def test_lists_folders_first_and_hides_the_pip_target(files: RuntimeFiles) -> None:
    top = files.list_directory("")
    assert [(e.name, e.kind, e.path) for e in top] == [
        ("data", "directory", "data"),
        ("notes.txt", "file", "notes.txt"),
    ]
    assert top[1].size == 5 and top[0].size == 0
    inner = files.list_directory("data/")
    assert [(e.path, e.size) for e in inner] == [("data/deep", 0), ("data/a.csv", 8)]
    assert [e.name for e in files.list_directory(".packages")] == ["numpy"]


@pytest.mark.parametrize(
    "path", ["../secret.txt", "data/../../secret.txt", "/etc/passwd", "a\0b", ".."]
)
def test_paths_that_leave_content_are_refused(files: RuntimeFiles, path: str) -> None:
    for operation in (files.list_directory, files.open, files.delete, files.make_directory):
        with pytest.raises(BadPath):
            operation(path)


def test_split_path_normalises_harmless_forms() -> None:
    assert split_path("") == [] and split_path("./a//b/") == ["a", "b"]


def test_links_out_of_content_are_refused_and_left_alone(
    files: RuntimeFiles, content: Path, tmp_path: Path
) -> None:
    (content / "out").symlink_to(tmp_path / "secret.txt")
    (content / "out_rel").symlink_to("../../secret.txt")
    (content / "etc").symlink_to("/etc")
    for name in ("out", "out_rel"):
        with pytest.raises(BadPath, match="outside /content"):
            files.open(name)
    with pytest.raises(BadPath):
        files.list_directory("etc")
    with pytest.raises(BadPath):
        files.place("etc", "x.txt", tmp_path / "secret.txt")
    listed = {e.name: e.kind for e in files.list_directory("")}
    assert listed["out"] == "file" and listed["etc"] == "file"  # shown, never followed
    files.delete("out")  # deletes the link, not what it points to
    assert not (content / "out").is_symlink() and (tmp_path / "secret.txt").exists()


def test_links_inside_content_work_as_the_kernel_sees_them(
    files: RuntimeFiles, content: Path
) -> None:
    (content / "abs").symlink_to("/content/data")  # absolute, as written inside the sandbox
    (content / "rel.csv").symlink_to("data/a.csv")
    assert [e.name for e in files.list_directory("abs")] == ["deep", "a.csv"]
    with files.open("abs/a.csv").file as f:
        assert f.read() == b"x,y\n1,2\n"
    opened = files.open("rel.csv")
    assert (opened.name, opened.size) == ("rel.csv", 8)
    opened.file.close()
    kinds = {e.name: (e.kind, e.size) for e in files.list_directory("")}
    assert kinds["abs"] == ("directory", 0) and kinds["rel.csv"] == ("file", 8)
    (content / "loop").symlink_to("loop")
    with pytest.raises(BadPath, match="too many links"):
        files.open("loop")


def test_open_refuses_folders_and_special_files(files: RuntimeFiles, content: Path) -> None:
    with pytest.raises(BadRequest, match="folder"):
        files.open("data")
    with pytest.raises(BadRequest):
        files.open("")
    os.mkfifo(content / "pipe")
    with pytest.raises(BadRequest, match="not a regular file"):
        files.open("pipe")  # must not block waiting for a writer
    with pytest.raises(NotFound):
        files.open("missing.txt")
    with pytest.raises(BadRequest, match="not a folder"):
        files.list_directory("notes.txt")


def test_place_moves_an_upload_in_and_replaces_a_file(
    files: RuntimeFiles, content: Path, tmp_path: Path
) -> None:
    upload = tmp_path / "rt" / "partial"
    upload.write_bytes(b"new")
    entry = files.place("data", "notes.txt", upload)
    assert (entry.path, entry.size, entry.kind) == ("data/notes.txt", 3, "file")
    assert (content / "data" / "notes.txt").read_bytes() == b"new" and not upload.exists()
    upload.write_bytes(b"again")
    files.place("", "notes.txt", upload)
    assert (content / "notes.txt").read_bytes() == b"again"
    upload.write_bytes(b"x")
    with pytest.raises(Conflict):
        files.place("", "data", upload)
    for bad in ("", "..", "a/b"):
        with pytest.raises(BadPath):
            files.place("", bad, upload)
    with pytest.raises(NotFound):
        files.place("nowhere", "x", upload)


def test_make_directory_and_delete(files: RuntimeFiles, content: Path) -> None:
    entry = files.make_directory("data/new")
    assert (entry.path, entry.kind) == ("data/new", "directory") and (content / "data/new").is_dir()
    with pytest.raises(Conflict):
        files.make_directory("data/new")
    with pytest.raises(NotFound):
        files.make_directory("nowhere/new")
    with pytest.raises(BadPath):
        files.make_directory("")
    files.delete("data")  # recursive
    assert not (content / "data").exists()
    with pytest.raises(NotFound):
        files.delete("data")
    with pytest.raises(BadPath):
        files.delete("")
