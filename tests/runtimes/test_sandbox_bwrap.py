"""The sandbox spec and the bubblewrap command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from collaboratory.runtimes.sandbox import Limits, SandboxSpec
from collaboratory.runtimes.sandbox.bwrap import bubblewrap_problem, bwrap_command, find_bwrap
from collaboratory.runtimes.sandbox.identity import NOBODY, hand_over, reachable, switch_user
from collaboratory.runtimes.sandbox.network import NetworkPolicy


def spec_in(tmp_path: Path, **fields: object) -> SandboxSpec:
    return SandboxSpec(tmp_path / "run", tmp_path / "content", **fields)  # type: ignore[arg-type]


def test_spec_round_trips_through_provisioner_config(tmp_path: Path) -> None:
    spec = spec_in(
        tmp_path,
        limits=Limits(2**30, 2.0, 128),
        device_nodes=("/dev/nvidia0",),
        cuda_visible_devices="0",
        env={"A": "1"},
        hide=("/srv/data",),
        run_as=(1000, 1000),
    )
    assert SandboxSpec.from_config(spec.to_config()) == spec


def test_spec_refuses_paths_too_long_for_ipc_sockets(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="too long"):
        spec_in(tmp_path / ("x" * 100))


def test_command_confines_and_binds_only_what_is_given(tmp_path: Path) -> None:
    spec = spec_in(tmp_path, device_nodes=("/dev/nvidia0", str(tmp_path / "accel0")))
    args = bwrap_command(spec, ["/usr/bin/python3", "-c", "pass"], "bwrap", NOBODY)
    joined = " ".join(args)
    assert "--die-with-parent" not in joined  # runtimes outlive a server restart
    for flag in ("--unshare-pid", "--new-session", "--cap-drop ALL"):
        assert flag in joined
    assert "--unshare-user --disable-userns --uid 65534 --gid 65534" in joined
    assert f"--bind {tmp_path / 'content'} /content --chdir /content" in joined
    assert f"--bind {tmp_path / 'run'} /run/kernel" in joined
    assert "--dev-bind /dev/nvidia0 /dev/nvidia0" in joined
    assert f"--dev-bind {tmp_path / 'accel0'} /dev/accel0" in joined
    assert "--unshare-net" not in joined  # the launcher's namespace, reached through slirp
    assert f"--ro-bind {tmp_path / 'run'}/resolv.conf /etc/resolv.conf" in joined
    assert args[-4:] == ["--", "/usr/bin/python3", "-c", "pass"]
    offline = spec_in(tmp_path, network=NetworkPolicy(internet=False))
    assert "--unshare-net" in bwrap_command(offline, ["/usr/bin/python3"], "bwrap", NOBODY)
    assert not any(a == "/" for a in args[: args.index("--")])


def test_staged_sources_replace_unreachable_bind_sources(tmp_path: Path) -> None:
    spec = spec_in(tmp_path, tmp_dir=tmp_path / "tmp")
    staged = {str(tmp_path / "content"): "/stage/1", str(tmp_path / "tmp"): "/stage/2"}
    joined = " ".join(bwrap_command(spec, ["/usr/bin/python3"], "bwrap", NOBODY, staged))
    assert "--bind /stage/1 /content" in joined and "--bind /stage/2 /tmp" in joined
    assert "--tmpfs /tmp" not in joined


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A directory every user can reach (pytest's tmp_path is private to root here)."""
    path = Path(tempfile.mkdtemp(prefix="collab-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


def test_unprivileged_sandbox_runs_as_nobody(open_dir: Path) -> None:
    python = "/usr/bin/python3"
    if os.geteuid() != 0 or find_bwrap() is None or not Path(python).exists():
        pytest.skip("needs root, bubblewrap and a system Python")
    problem = bubblewrap_problem(NOBODY, python)
    if problem is not None:
        pytest.skip(problem)
    spec = spec_in(open_dir, network=NetworkPolicy(internet=False))
    spec.prepare()
    hand_over(NOBODY, spec.runtime_dir, spec.content_dir)
    assert reachable(spec.content_dir, NOBODY)
    code = "import os; open('/content/f', 'w').write('x'); print(os.getuid(), os.listdir('/'))"
    done = subprocess.run(
        bwrap_command(spec, [python, "-c", code], find_bwrap() or "bwrap", NOBODY),
        preexec_fn=lambda: switch_user(NOBODY),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("65534 ")
    assert (spec.content_dir / "f").stat().st_uid == 65534


def test_reachable_follows_directory_permissions(open_dir: Path) -> None:
    private = open_dir / "private" / "content"
    private.mkdir(parents=True)
    (open_dir / "private").chmod(0o700)
    assert reachable(open_dir, NOBODY) and not reachable(private, NOBODY)
