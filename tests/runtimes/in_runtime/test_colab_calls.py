"""google.colab calls that need no service: their checks and Colab's exceptions and messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from collaboratory.runtimes.in_runtime.colab import ai, auth, drive, errors, files, userdata


def test_userdata_checks_the_name_as_colab_does() -> None:
    with pytest.raises(ValueError, match="Please enter a valid secret name"):
        userdata.get("")
    with pytest.raises(ValueError, match="cannot contain spaces"):
        userdata.get("MY KEY")
    assert str(userdata.NotebookAccessError("K")) == "Notebook does not have access to secret K"
    assert str(userdata.SecretNotFoundError("K")) == "Secret K does not exist."


def test_auth_names_the_alternative() -> None:
    with pytest.raises(errors.AuthorizationError, match="service-account key"):
        auth.authenticate_user()


def test_ai_checks_the_prompt_then_names_the_alternative() -> None:
    with pytest.raises(ValueError, match="Prompt cannot be empty"):
        ai.generate_text("")
    with pytest.raises(errors.RuntimeManagementError, match="Secrets"):
        ai.generate_text("hello")
    with pytest.raises(errors.RuntimeManagementError, match="model proxy"):
        ai.list_models()


def test_drive_mount_refuses_a_target_outside_content() -> None:
    with pytest.raises(ValueError, match="must not contain a space"):
        drive.mount("/content/my drive")
    with pytest.raises(ValueError, match="must be in /content"):
        drive.mount("/etc/drive")
    with pytest.raises(ValueError, match="must not already contain files"):
        drive.mount("/content")
    with pytest.raises(ValueError, match=r"mount failed: google\.colab needs to run"):
        drive.mount("/content/drive")  # no kernel to ask the service through


def test_files_download_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="Cannot find file: "):
        files.download(str(tmp_path / "nope.csv"))


def test_files_download_puts_a_request_into_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import IPython.display

    shown: list[dict[str, object]] = []
    monkeypatch.setattr(IPython.display, "display", lambda bundle, raw: shown.append(bundle))
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "a.csv").write_text("x\n")
    monkeypatch.setenv("HOME", str(content))
    monkeypatch.chdir(content)
    files.download("data/a.csv")
    request = shown[-1][files.DOWNLOAD_MIME]
    assert isinstance(request, dict)
    assert (request["path"], request["name"], request["size"]) == ("data/a.csv", "a.csv", 2)

    outside = tmp_path / "elsewhere.bin"  # outside /content: served from a copy inside it
    outside.write_bytes(b"\0\1\2")
    files.download(str(outside))
    request = shown[-1][files.DOWNLOAD_MIME]
    assert isinstance(request, dict)
    assert str(request["path"]).startswith(".colab_downloads/")
    assert (content / str(request["path"])).read_bytes() == b"\0\1\2"
