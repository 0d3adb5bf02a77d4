"""Runtimes run in their own environment, with the configured default packages."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from collaboratory.config import load_settings
from collaboratory.runtimes import kernel_start
from collaboratory.runtimes.backend import LaunchRequest
from collaboratory.runtimes.environment import RuntimeEnvironment, RuntimeEnvironmentError
from collaboratory.runtimes.local import LocalBackend, LocalKernel, socket_root
from tests.runtimes.wheels import tiny_wheel, wheel_filename


async def test_default_packages_go_into_the_runtime_environment_only(tmp_path: Path) -> None:
    wheel = tmp_path / wheel_filename("envpkg")
    wheel.write_bytes(tiny_wheel("envpkg", 7))
    settings = load_settings(
        data_dir=tmp_path / "data", runtimes={"default_packages": [str(wheel)]}
    )
    environment = RuntimeEnvironment(settings)
    python = await environment.ensure()
    assert Path(python).parent.parent == settings.data_dir / "runtime-env"
    probe = "import envpkg, ipykernel, sys; print(envpkg.VALUE, sys.prefix)"
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    value, prefix = out.stdout.split()
    assert value == "7" and Path(prefix) == settings.data_dir / "runtime-env"
    assert importlib.util.find_spec("envpkg") is None  # the server's environment is untouched
    stamp = (settings.data_dir / "runtime-env" / "collaboratory-env.json").stat().st_mtime
    await RuntimeEnvironment(settings).ensure()  # up to date: not rebuilt
    assert (settings.data_dir / "runtime-env" / "collaboratory-env.json").stat().st_mtime == stamp


async def test_a_configured_interpreter_is_used_as_is(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, runtimes={"python": sys.executable})
    assert await RuntimeEnvironment(settings).ensure() == sys.executable
    assert not (tmp_path / "runtime-env").exists()


async def test_an_uninstallable_package_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "does-not-exist-0.1-py3-none-any.whl"
    settings = load_settings(data_dir=tmp_path, runtimes={"default_packages": [str(missing)]})
    with pytest.raises(RuntimeEnvironmentError, match="default_packages"):
        await RuntimeEnvironment(settings).ensure()


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


async def test_the_lean_launcher_is_installed_and_a_changed_one_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(data_dir=tmp_path)
    environment = RuntimeEnvironment(settings)
    python = await environment.ensure()
    assert environment.kernel_module == kernel_start.MODULE_NAME
    probe = "import collaboratory_kernel.__main__ as m; print(m.__file__)"
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    installed = Path(out.stdout.strip())
    assert installed.read_text() == kernel_start.source_files()["__main__.py"]
    changed = {**kernel_start.source_files(), "__main__.py": "CHANGED = True\n"}
    monkeypatch.setattr(kernel_start, "source_files", lambda: changed)
    await RuntimeEnvironment(settings).ensure()
    assert installed.read_text() == "CHANGED = True\n"


def test_a_configured_interpreter_keeps_ipykernels_own_launcher(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, runtimes={"python": sys.executable})
    assert RuntimeEnvironment(settings).kernel_module == "ipykernel_launcher"
