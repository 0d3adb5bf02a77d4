"""The sandbox spec and the bubblewrap command line."""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

import pytest

from collaboratory.runtimes.sandbox import Limits, SandboxSpec
from collaboratory.runtimes.sandbox.bwrap import (
    bwrap_command,
    enter_sandbox_as,
    find_bwrap,
    staged_paths,
)
from collaboratory.runtimes.sandbox.identity import NOBODY, hand_over
from collaboratory.runtimes.sandbox.network import NetworkPolicy
from collaboratory.runtimes.sandbox.staging import staged_sources


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


def test_paths_nobody_cannot_walk_to_are_staged_into_the_sandbox(tmp_path: Path) -> None:
    """As root, the runtime's directories may sit below one only root may enter (pytest's
    tmp_path here, a Python below /root on the standard machine): the sandbox still runs as
    nobody, binding them from a stage in its private mount namespace."""
    python = "/usr/bin/python3"
    if os.geteuid() != 0 or find_bwrap() is None or not Path(python).exists():
        pytest.skip("needs root, bubblewrap and a system Python")
    private = tmp_path / "private"
    spec = spec_in(private, network=NetworkPolicy(internet=False))
    spec.prepare()
    private.chmod(0o700)
    hand_over(NOBODY, spec.runtime_dir, spec.content_dir)
    sources = staged_sources(staged_paths(spec, python))
    code = "import os; open('/content/f', 'w').write('x'); print(os.getuid(), os.listdir('/'))"
    done = subprocess.run(
        bwrap_command(spec, [python, "-c", code], find_bwrap() or "bwrap", NOBODY, sources),
        preexec_fn=functools.partial(enter_sandbox_as, sources, NOBODY),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("65534 ")
    assert (spec.content_dir / "f").stat().st_uid == 65534
    assert str(private) not in Path("/proc/self/mounts").read_text()  # the host's table
