"""A build's percentage from what the builder and uv say (lines as a real build of ml said them)."""

from __future__ import annotations

from collaboratory.runtimes.images.progress import BuildProgress


def test_progress_follows_the_steps_and_the_bytes_downloaded() -> None:
    progress = BuildProgress()
    assert progress.describe() == {"percent": 0, "message": "Waiting to build"}
    seen = []
    for line in [
        "Resolving 27 requirements",
        "Building version 1cd44d7f59514cc3 on Python 3.11.7",
        "Installing 130 packages",
        "Resolved 130 packages in 634ms",
        "Downloading torch (514.2MiB)",
        "Downloading nltk (1.6MiB)",
        "Downloading jaxlib (81.5MiB)",
        "Downloading cuda-bindings (8.0KiB)",
        " Downloaded nltk",
        " Downloaded jaxlib",
        " Downloaded torch",
        " Downloaded cuda-bindings",
        "Prepared 130 packages in 52.1s",
        "Installed 130 packages in 1.2s",
        " + xgboost==3.2.0",
        "Compiling to bytecode",
        "Ready: version 1cd44d7f59514cc3",
    ]:
        progress.said(line)
        seen.append(progress.percent)
    assert seen[:4] == [2, 8, 10, 10]
    assert seen[8] == 10 and 10 < seen[9] < 30 < seen[10] == 79 <= seen[11] == 80
    assert seen[12:] == [80, 85, 85, 88, 100]
    assert seen == sorted(seen)  # it never goes back


def test_the_message_is_what_the_build_does() -> None:
    progress = BuildProgress()
    progress.said("Downloading torch (514.2MiB)")
    progress.said("Downloading nltk (1.6MiB)")
    assert progress.message == "Downloading 2 files"
    progress.said(" Downloaded nltk")
    assert progress.message == "Downloaded 1 of 2 files"
    progress.said("Compiling to bytecode")
    progress.said("")
    assert progress.describe() == {"percent": 88, "message": "Compiling to bytecode"}
