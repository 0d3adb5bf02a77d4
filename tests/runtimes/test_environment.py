"""Runtimes run on their type's runtime image, apart from the server's environment."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from collaboratory.config import Settings, load_settings
from collaboratory.runtimes import kernel_start
from collaboratory.runtimes.backend import LaunchRequest
from collaboratory.runtimes.environment import RuntimeEnvironment, RuntimeEnvironmentError
from collaboratory.runtimes.local import LocalBackend, LocalKernel, socket_root
from tests.runtimes.wheels import tiny_wheel, wheel_filename


def own_images(tmp_path: Path, **runtimes: Any) -> Settings:
    """Settings whose images are built in this test's own directory (not the session's)."""
    slim = {"standard": {"packages": []}}
    runtimes = {"images_dir": tmp_path / "images", "images": slim, **runtimes}
    return load_settings(data_dir=tmp_path / "data", runtimes=runtimes)


def probe(python: str, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([python, "-c", code], capture_output=True, text=True, cwd="/")


async def test_default_packages_go_into_the_image_only(tmp_path: Path) -> None:
    wheel = tmp_path / wheel_filename("envpkg")
    wheel.write_bytes(tiny_wheel("envpkg", 7))
    settings = own_images(tmp_path, default_packages=[str(wheel)])
    python = await RuntimeEnvironment(settings).ensure()
    assert python.image is not None and python.image.path.parent == tmp_path / "images/standard"
    out = probe(python.python, "import envpkg, ipykernel, sys; print(envpkg.VALUE, sys.prefix)")
    value, prefix = out.stdout.split()
    assert value == "7" and Path(prefix) == python.image.path
    assert importlib.util.find_spec("envpkg") is None  # the server's environment is untouched
    manifest = python.image.path / "image.json"
    stamp = manifest.stat().st_mtime
    again = await RuntimeEnvironment(settings).ensure()  # up to date: not rebuilt
    assert again == python and manifest.stat().st_mtime == stamp


async def test_nothing_of_the_server_is_importable_in_an_image(tmp_path: Path) -> None:
    python = await RuntimeEnvironment(own_images(tmp_path)).ensure()
    for module in ("fastapi", "sqlalchemy", "collaboratory", "uvicorn"):
        out = probe(python.python, f"import {module}")
        assert "ModuleNotFoundError" in out.stderr, module
    assert probe(python.python, "import ipykernel, pip, collaboratory_kernel").returncode == 0


async def test_a_configured_interpreter_is_used_as_is(tmp_path: Path) -> None:
    settings = own_images(tmp_path, python=sys.executable)
    python = await RuntimeEnvironment(settings).ensure()
    assert python.python == sys.executable and python.module == "ipykernel_launcher"
    assert python.image is None and not (tmp_path / "images").exists()


async def test_an_uninstallable_package_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "does_not_exist-0.1-py3-none-any.whl"
    settings = own_images(tmp_path, default_packages=[str(missing)])
    environment = RuntimeEnvironment(settings)
    with pytest.raises(RuntimeEnvironmentError, match="does_not_exist"):
        await environment.ensure()
    assert environment.images.describe("standard")["state"] == "failed"


class NeverReadyKernel(LocalKernel):
    """A kernel whose readiness check fails: its start must leave no process behind."""

    async def _until_ready(self) -> None:
        raise TimeoutError("pretend the kernel never answered")


async def test_a_failed_start_leaves_no_kernel_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(data_dir=tmp_path / "data", runtimes={"python": sys.executable})
    backend = LocalBackend(settings)
    monkeypatch.setattr("collaboratory.runtimes.local.LocalKernel", NeverReadyKernel)
    request = LaunchRequest(uuid.uuid4().hex, str(uuid.uuid4()), settings.runtimes.types["cpu"])
    with pytest.raises(TimeoutError):
        await backend.launch(request)
    await backend.close()
    marker = str(socket_root(settings.data_dir) / request.runtime_id[:12])
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout
    assert left == ""


async def test_the_lean_launcher_is_installed_and_a_changed_one_is_a_new_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = own_images(tmp_path)
    python = await RuntimeEnvironment(settings).ensure()
    assert python.module == kernel_start.MODULE_NAME
    out = probe(python.python, "import collaboratory_kernel.__main__ as m; print(m.__file__)")
    installed = Path(out.stdout.strip())
    assert installed.read_text() == kernel_start.source_files()["__main__.py"]
    changed = {**kernel_start.source_files(), "__main__.py": "CHANGED = True\n"}
    monkeypatch.setattr(kernel_start, "source_files", lambda: changed)
    newer = await RuntimeEnvironment(settings).ensure()
    assert newer.image is not None and newer.image != python.image
    assert python.image is not None
    moved = newer.image.path / installed.relative_to(python.image.path)
    assert moved.read_text() == "CHANGED = True\n"
    assert not installed.exists()  # the old version: no runtime used it, so it is gone


def test_a_configured_interpreter_keeps_ipykernels_own_launcher(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, runtimes={"python": sys.executable})
    assert RuntimeEnvironment(settings).kernel_module == "ipykernel_launcher"
