"""The bubblewrap command line that confines one kernel, and bubblewrap's self-test."""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from collaboratory.runtimes.sandbox.identity import RunAs, switch_user
from collaboratory.runtimes.sandbox.spec import RESOLV_CONF, SandboxSpec
from collaboratory.runtimes.sandbox.staging import enter_staging, staged_sources

log = logging.getLogger(__name__)

INNER_RUNTIME_DIR = "/run/kernel"
_SYSTEM_DIRS = ("/usr", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin")
_ALWAYS_HIDDEN = ("/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d")
_NAMESPACES = ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]


def find_bwrap() -> str | None:
    return shutil.which("bwrap") or ("/usr/bin/bwrap" if Path("/usr/bin/bwrap").exists() else None)


@functools.cache
def bubblewrap_problem(run_as: RunAs | None = None, python: str = sys.executable) -> str | None:
    """Why bubblewrap cannot sandbox ``python`` as ``run_as`` here; None when it can.

    The trial starts the interpreter the way kernels start: as the unprivileged user, in a
    user namespace, with the interpreter's prefixes staged when the server is root.
    """
    bwrap = find_bwrap()
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed: apt-get install bubblewrap"
    try:
        paths = _existing(interpreter_paths(python))
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return f"the runtime's interpreter {python} does not run: {exc}"
    sources = staged_sources(paths) if run_as is not None else {}
    trial = [bwrap, *_identity_args(run_as), *_system_binds(), *_NAMESPACES, "--unshare-net"]
    for path in paths:
        trial += ["--ro-bind", sources.get(path, path), path]
    trial += ["--proc", "/proc", "--dev", "/dev", "--die-with-parent", "--", python, "-c", ""]
    try:
        done = subprocess.run(
            trial,
            capture_output=True,
            timeout=30,
            preexec_fn=functools.partial(enter_sandbox_as, sources, run_as),
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bubblewrap failed its self-test: {exc}"
    if done.returncode != 0:
        return f"bubblewrap failed its self-test: {done.stderr.decode(errors='replace').strip()}"
    return None


def enter_sandbox_as(sources: Mapping[str, str], run_as: RunAs | None) -> None:
    """In the forked child: stage what ``run_as`` could not reach, then become it."""
    enter_staging(sources)
    if run_as is not None:
        switch_user(run_as)


@functools.cache
def interpreter_paths(python: str) -> tuple[str, ...]:
    """The prefixes an interpreter (and its virtual environment) needs, to bind read-only."""
    if python == sys.executable:
        prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    else:
        code = "import sys,json;print(json.dumps([sys.prefix,sys.base_prefix,sys.exec_prefix]))"
        out = subprocess.run([python, "-c", code], capture_output=True, check=True, timeout=30)
        prefixes = set(json.loads(out.stdout))
    prefixes.add(str(Path(python).resolve().parent.parent))
    return tuple(sorted(p for p in prefixes if p != "/usr" and not p.startswith("/usr/")))


def bwrap_command(
    spec: SandboxSpec,
    cmd: list[str],
    bwrap: str,
    run_as: RunAs | None,
    sources: Mapping[str, str] | None = None,
) -> list[str]:
    """``cmd`` (whose paths already point inside the sandbox) wrapped in bubblewrap.

    ``run_as`` is the unprivileged user bubblewrap is started as, or None when it runs as
    the server's own user. ``sources`` says where a host path is to be found when it was
    staged (see :mod:`staging`); unstaged paths are bound from where they are.
    """

    def source(path: str | Path) -> str:
        return (sources or {}).get(str(path), str(path))

    # No --die-with-parent: a runtime outlives a restart of the server, which re-adopts it.
    args = [bwrap, *_identity_args(run_as), "--new-session", *_NAMESPACES]
    args += ["--hostname", "runtime"]
    if spec.network.offline:
        args.append("--unshare-net")  # else the launcher's namespace (see network.py)
    args += _system_binds()
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/run"]
    if spec.tmp_dir is None:
        args += ["--tmpfs", "/tmp"]
    else:
        args += ["--bind", source(spec.tmp_dir), "/tmp"]
    extra = [*_existing(interpreter_paths(cmd[0])), *spec.ro_binds]
    for path in extra:  # after the tmpfs mounts, which would cover a path below /tmp
        args += ["--ro-bind", source(path), path]
    bound = [*_existing(_SYSTEM_DIRS), *extra]
    args += _masks([*_ALWAYS_HIDDEN, *spec.hide], bound)
    args += ["--bind", source(spec.runtime_dir), INNER_RUNTIME_DIR]
    if not spec.network.offline:
        args += ["--ro-bind", f"{source(spec.runtime_dir)}/{RESOLV_CONF}", "/etc/resolv.conf"]
    args += ["--bind", source(spec.content_dir), "/content", "--chdir", "/content"]
    for node in spec.device_nodes:
        inside = node if node.startswith("/dev/") else f"/dev/{Path(node).name}"
        args += ["--dev-bind", source(node), inside]
    return [*args, "--", *cmd]


def staged_paths(spec: SandboxSpec, python: str) -> list[str]:
    """Every host path the sandbox binds that is not a system directory or device."""
    paths = [*_existing(interpreter_paths(python)), *spec.ro_binds, str(spec.runtime_dir)]
    paths.append(str(spec.content_dir))
    if spec.tmp_dir is not None:
        paths.append(str(spec.tmp_dir))
    return paths + [node for node in spec.device_nodes if not node.startswith("/dev/")]


def _identity_args(run_as: RunAs | None) -> list[str]:
    # A user namespace maps the kernel's uid to an unprivileged host uid (never host root,
    # whatever user bubblewrap starts as); none can be nested inside it; no capabilities.
    uid, gid = run_as if run_as is not None else (os.getuid(), os.getgid())
    return [
        "--cap-drop",
        "ALL",
        "--unshare-user",
        "--disable-userns",
        "--uid",
        str(uid),
        "--gid",
        str(gid),
    ]


def _system_binds() -> list[str]:
    args: list[str] = []
    for path in _existing(_SYSTEM_DIRS):
        p = Path(path)
        if p.is_symlink():  # merged /usr: /lib -> usr/lib
            args += ["--symlink", str(p.readlink()), path]
        else:
            args += ["--ro-bind", path, path]
    return args


def _masks(hidden: Iterable[str], bound: list[str]) -> list[str]:
    args: list[str] = []
    for path in _existing(hidden):
        resolved = Path(path).resolve()
        if not any(resolved.is_relative_to(Path(b).resolve()) for b in bound):
            continue  # not visible anyway
        args += (
            ["--tmpfs", str(resolved)]
            if resolved.is_dir()
            else ["--ro-bind", "/dev/null", str(resolved)]
        )
    return args


def _existing(paths: Iterable[str]) -> list[str]:
    return [p for p in paths if Path(p).exists() or Path(p).is_symlink()]
