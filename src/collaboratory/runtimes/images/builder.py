"""Building one runtime image with uv: a lock with hashes, then a virtual environment synced
to it, with the lean kernel launcher beside its packages.

The lock (``requirements.lock``, from ``uv pip compile --generate-hashes``) is kept beside the
image's versions and reused while the image's settings stay the same, so a rebuild (or another
machine given the same lock) installs exactly the same files; ``--upgrade`` resolves afresh.
A version's directory is named after the hash of what it is built from (the lock, the
interpreter, the launcher), so equal inputs give the same version.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from collaboratory.config import RuntimeImageSettings
from collaboratory.runtimes import in_runtime, kernel_start

FORMAT = 2  # bump when the layout of a built version changes (2: modules compiled to bytecode)
ALWAYS = ["ipykernel", "pip"]  # the kernel, and pip for `!pip install` into /content
MANIFEST = "image.json"
LOCK = "requirements.lock"
_PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:==\s*([^\s;\\]+)|@)")

Echo = Callable[[str], None]


class ImageBuildError(RuntimeError):
    """An image could not be built; the message says why."""


def uv_binary() -> str:
    from uv import find_uv_bin

    return str(find_uv_bin())


def _uv_env() -> dict[str, str]:
    # uv never fetches a Python build: images use interpreters this machine has.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONDA_PREFIX")}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    return env


def server_base_python() -> str:
    """The interpreter the server's own (virtual) environment is built on."""
    return str(getattr(sys, "_base_executable", None) or sys.executable)


@dataclass(frozen=True)
class Interpreter:
    path: str
    version: str


def find_interpreter(spec: str | None) -> Interpreter:
    wanted = spec or server_base_python()
    found = _run([uv_binary(), "python", "find", "--system", "--no-project", wanted], None)
    path = found.strip().splitlines()[-1] if found.strip() else ""
    if not path:
        raise ImageBuildError(f"No Python interpreter {wanted!r} on this machine.")
    code = "import sys; print('%d.%d.%d' % sys.version_info[:3])"
    version = _run([path, "-c", code], None).strip()
    return Interpreter(path, version)


def index_args(image: RuntimeImageSettings) -> list[str]:
    args: list[str] = []
    if image.index_url:
        args += ["--index-url", image.index_url]
    for url in image.extra_index_urls:
        args += ["--extra-index-url", url]
    for place in image.find_links:
        args += ["--find-links", place]
    if image.no_index:
        args.append("--no-index")
    return args


def requirements(image: RuntimeImageSettings, extra: list[str]) -> list[str]:
    return [*ALWAYS, *image.packages, *extra]


def input_digest(image: RuntimeImageSettings, extra: list[str]) -> str:
    """What a lock is resolved from: when it changes, the lock is compiled again."""
    wanted = {"requirements": requirements(image, extra), "python": image.python}
    wanted["index"] = index_args(image)
    return hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()


def launcher_digest() -> str:
    files = [kernel_start.source_files(), in_runtime.image_files()]
    return hashlib.sha256(json.dumps(files).encode()).hexdigest()


def compile_lock(
    directory: Path,
    image: RuntimeImageSettings,
    extra: list[str],
    interpreter: Interpreter,
    *,
    upgrade: bool,
    echo: Echo,
) -> str:
    """The image's lock, compiled when missing, when its settings changed, or to upgrade."""
    lock = directory / LOCK
    stamp = directory / "requirements.in.sha256"
    digest = input_digest(image, extra)
    current = stamp.read_text().strip() if stamp.exists() else ""
    if lock.exists() and current == digest and not upgrade:
        return lock.read_text()
    source = directory / "requirements.in"
    source.write_text("\n".join(requirements(image, extra)) + "\n")
    echo(f"Resolving {len(requirements(image, extra))} requirements")
    # relative names: the lock says "via -r requirements.in", the same wherever it is built
    command = [uv_binary(), "pip", "compile", source.name, "-o", lock.name, "--generate-hashes"]
    command += ["--python", interpreter.path, "--no-header", "--quiet"]
    command += ["--upgrade"] if upgrade else []
    _run([*command, *index_args(image)], echo, cwd=directory)
    stamp.write_text(digest + "\n")
    return lock.read_text()


def version_of(lock: str, interpreter: Interpreter) -> str:
    digest = hashlib.sha256()
    for part in (str(FORMAT), lock, interpreter.path, interpreter.version, launcher_digest()):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


def pinned(lock: str) -> list[dict[str, str]]:
    """The locked packages, by name and version (a path or URL requirement has none)."""
    found = []
    for line in lock.splitlines():
        match = _PINNED.match(line)
        if match:
            found.append({"name": match.group(1), "version": match.group(2) or ""})
    return sorted(found, key=lambda p: p["name"].lower())


def build_version(
    target: Path,
    image: RuntimeImageSettings,
    lock: str,
    interpreter: Interpreter,
    *,
    name: str,
    digest: str,
    echo: Echo,
) -> dict[str, object]:
    """A fresh virtual environment at ``target``, synced to ``lock``; its manifest."""
    started = time.monotonic()
    uv = uv_binary()
    _run([uv, "venv", "--quiet", "--python", interpreter.path, "--no-project", str(target)], echo)
    python = str(target / "bin" / "python")
    packages = pinned(lock)
    echo(f"Installing {len(packages)} packages")
    lock_file = target.parent / LOCK
    _run([uv, "pip", "sync", str(lock_file), "--python", python, *index_args(image)], echo)
    site = next((target / "lib").glob("python3*/site-packages"), None)
    if site is None:
        raise ImageBuildError(f"No site-packages in the new environment {target}")
    launcher = site / kernel_start.MODULE_NAME
    launcher.mkdir(exist_ok=True)
    for file_name, text in kernel_start.source_files().items():
        (launcher / file_name).write_text(text, encoding="utf-8")
    for relative, text in in_runtime.image_files().items():  # google.colab and its library
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    compile_bytecode(python, site, echo)
    manifest: dict[str, object] = {
        "format": FORMAT,
        "name": name,
        "version": target.name,
        "input": digest,
        "launcher": launcher_digest(),
        "python": interpreter.version,
        "interpreter": interpreter.path,
        "packages": packages,
        "size_bytes": tree_size(target),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": round(time.monotonic() - started, 2),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return manifest


def compile_bytecode(python: str, site: Path, echo: Echo) -> None:
    """Compiles every module of ``site`` to bytecode (``__pycache__``), with the image's own
    interpreter.

    uv installs without it, and a runtime mounts its image read-only: a kernel would compile
    every module it imports from source at every start, never able to cache it, which cost
    3.7 MiB of resident memory in an idle kernel (the compiler's garbage stays in the heap)
    and start time. A file that does not compile (some packages ship test data as ``.py``)
    is left as it is: importing it fails the same either way.
    """
    echo("Compiling to bytecode")
    command = [python, "-m", "compileall", "-q", "-j", "0", str(site)]
    done = subprocess.run(command, capture_output=True, text=True, env=_uv_env(), cwd="/")
    if done.returncode != 0:
        for line in (done.stdout + done.stderr).splitlines()[-10:]:
            echo(line)


def tree_size(path: Path) -> int:
    total, seen = 0, set()
    for root, _dirs, files in os.walk(path):
        for file_name in files:
            try:
                st = os.lstat(os.path.join(root, file_name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def _run(command: list[str], echo: Echo | None, cwd: Path = Path("/")) -> str:
    """Runs ``command``, its error output line by line to ``echo``; its output returned."""
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_uv_env(),
        cwd=cwd,
    ) as process:
        assert process.stderr is not None and process.stdout is not None
        tail: list[str] = []
        for line in process.stderr:
            line = line.rstrip()
            if line:
                tail = [*tail[-30:], line]
                if echo is not None:
                    echo(line)
        out = process.stdout.read()
        code = process.wait()
    if code != 0:
        said = "\n".join(tail) or out.strip()
        raise ImageBuildError(f"{Path(command[0]).name} {command[1]} failed: {said[-2000:]}")
    return out
