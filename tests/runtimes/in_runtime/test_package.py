"""What a runtime image gets of the in-runtime library: ``collaboratory_runtime`` and a
namespace-safe ``google.colab`` that is the same module under both names."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from collaboratory.runtimes import in_runtime


def install(site: Path) -> None:
    for relative, text in in_runtime.image_files().items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")


def test_google_colab_keeps_google_a_namespace_package(tmp_path: Path) -> None:
    files = in_runtime.image_files()
    assert "google/colab/__init__.py" in files and "google/__init__.py" not in files
    assert [f for f in files if f.startswith("google/")] == ["google/colab/__init__.py"]
    install(tmp_path / "site")
    other = tmp_path / "other" / "google" / "protobuf"  # as protobuf installs: no google/__init__
    other.mkdir(parents=True)
    (other / "__init__.py").write_text("NAME = 'protobuf'\n")
    code = (
        "import google.colab.userdata as a\n"
        "from google.colab import userdata, drive, files, auth, ai, output, runtime, errors\n"
        "import collaboratory_runtime.colab.userdata as b\n"
        "import google.protobuf\n"
        "assert a is b is userdata and google.protobuf.NAME == 'protobuf'\n"
        "assert userdata.SecretNotFoundError('k').args == ('Secret k does not exist.',)\n"
        "assert issubclass(userdata.NotebookAccessError, errors.Error)\n"
        "print('ok')\n"
    )
    path = f"{tmp_path / 'site'}:{tmp_path / 'other'}"
    env = {"PYTHONPATH": path, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path[:0] = {path.split(':')!r}\n{code}"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.stdout == "ok\n", done.stderr


def test_every_module_is_in_the_package_and_self_contained() -> None:
    files = in_runtime.image_files()
    from collaboratory.runtimes.in_runtime import colab

    for name in colab.SUBMODULES:
        assert f"collaboratory_runtime/colab/{name}.py" in files
    for relative, text in files.items():
        assert not re.search(r"(import|from) collaboratory\b(?!_)", text), relative
