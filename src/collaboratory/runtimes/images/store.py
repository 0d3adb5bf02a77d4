"""The built runtime images: their versions on disk, the newest of each, builds on demand.

Layout under the images directory (``runtimes.images_dir``, else ``data_dir/images``)::

    <name>/requirements.in, requirements.lock   what the image is resolved from, and the lock
    <name>/current                              the version new runtimes get
    <name>/<version>/                           a virtual environment; image.json when complete
    <name>/.build.lock                          held while a process builds this image

A runtime keeps the version it started on: the local backend writes that version's key into
the runtime's directory (``data_dir/runtimes/<id>/image``), and a version that is not current
is removed once no runtime directory names it.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collaboratory.config import RuntimeImageSettings, Settings
from collaboratory.runtimes.images import builder
from collaboratory.runtimes.images.builder import MANIFEST, Echo, ImageBuildError
from collaboratory.runtimes.images.progress import BuildProgress

log = logging.getLogger(__name__)
CURRENT = "current"
IN_USE = "image"  # in a runtime's directory: the key of the image version it runs on


@dataclass(frozen=True)
class ImageVersion:
    name: str
    version: str
    path: Path

    @property
    def key(self) -> str:
        return f"{self.name}/{self.version}"

    @property
    def python(self) -> str:
        return str(self.path / "bin" / "python")

    def manifest(self) -> dict[str, Any]:
        try:
            loaded = json.loads((self.path / MANIFEST).read_text())
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}


class UnknownImage(KeyError):
    pass


class ImageStore:
    def __init__(self, settings: Settings) -> None:
        self.root = settings.runtimes.images_dir or settings.data_dir / "images"
        self.images = settings.runtimes.images
        self.extra = list(settings.runtimes.default_packages)
        self.runtimes_root = settings.data_dir / "runtimes"
        self._locks: dict[str, asyncio.Lock] = {}
        self._builds: dict[str, asyncio.Task[ImageVersion]] = {}
        self.progress: dict[str, BuildProgress] = {}  # builds under way
        self.errors: dict[str, str] = {}

    # -- what is there ----------------------------------------------------------------------

    def settings_of(self, name: str) -> RuntimeImageSettings:
        image = self.images.get(name)
        if image is None:
            raise UnknownImage(name)
        return image

    def current(self, name: str) -> ImageVersion | None:
        """The newest complete version of ``name``, whatever settings it was built from."""
        try:
            version = (self.root / name / CURRENT).read_text().strip()
        except OSError:
            return None
        found = self.version(f"{name}/{version}")
        return found if found is not None and (found.path / MANIFEST).exists() else None

    def version(self, key: str) -> ImageVersion | None:
        name, _, version = key.partition("/")
        if not name or not version or "/" in version or version.startswith("."):
            return None
        path = self.root / name / version
        return ImageVersion(name, version, path) if path.is_dir() else None

    def up_to_date(self, name: str) -> ImageVersion | None:
        """The current version, when it was built from the image's settings as they are now
        (the interpreter and the launcher too); None when a build is due."""
        current = self.current(name)
        if current is None:
            return None
        manifest = current.manifest()
        wanted = builder.input_digest(self.settings_of(name), self.extra)
        if manifest.get("input") != wanted or manifest.get("launcher") != builder.launcher_digest():
            return None
        if manifest.get("format", 1) != builder.FORMAT:  # built before its layout changed
            return None
        return current

    def state(self, name: str) -> str:
        if name in self._builds and not self._builds[name].done():
            return "building"
        if self.up_to_date(name) is not None:
            return "ready"
        if name in self.errors:
            return "failed"
        return "outdated" if self.current(name) is not None else "absent"

    def describe(self, name: str) -> dict[str, Any]:
        """One image for ``GET /api/runtime-images``."""
        current = self.current(name)
        manifest = current.manifest() if current is not None else {}
        state = self.state(name)
        progress = self.build_progress(name) if state == "building" else None
        return {
            "name": name,
            "state": state,
            "progress": progress.message if progress is not None else None,
            "percent": progress.percent if progress is not None else None,
            "error": self.errors.get(name),
            "version": current.version if current is not None else None,
            "python": manifest.get("python"),
            "packages": manifest.get("packages", []),
            "size_bytes": manifest.get("size_bytes"),
            "built_at": manifest.get("built_at"),
            "versions": sorted(self.versions(name)),
        }

    def build_progress(self, name: str) -> BuildProgress:
        """How far the build of ``name`` under way has come (a queued one: nowhere yet)."""
        return self.progress.get(name) or BuildProgress()

    def preparing(self, name: str) -> dict[str, Any]:
        """What a runtime starting on ``name`` waits for: the image's state and, while it is
        being built, how far that build has come."""
        state = self.state(name)
        found: dict[str, Any] = {"name": name, "state": state, "percent": None, "message": None}
        if state == "building":
            found.update(self.build_progress(name).describe())
        elif state == "failed":
            found["message"] = self.errors.get(name)
        return found

    def versions(self, name: str) -> list[str]:
        directory = self.root / name
        if not directory.is_dir():
            return []
        return [p.name for p in directory.iterdir() if (p / MANIFEST).exists()]

    # -- building ---------------------------------------------------------------------------

    async def ensure(self, name: str) -> ImageVersion:
        """The version new runtimes of ``name`` get, built first when due (joining a build
        already under way)."""
        ready = self.up_to_date(name)
        if ready is not None:
            return ready
        return await asyncio.shield(self.start_build(name))

    def start_build(self, name: str, *, upgrade: bool = False) -> asyncio.Task[ImageVersion]:
        """A build of ``name`` in the background (the one under way, if there is one)."""
        self.settings_of(name)
        task = self._builds.get(name)
        if task is None or task.done():
            task = asyncio.create_task(self.build(name, upgrade=upgrade))
            self._builds[name] = task
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return task

    async def build(
        self, name: str, *, upgrade: bool = False, echo: Echo | None = None
    ) -> ImageVersion:
        lock = self._locks.setdefault(name, asyncio.Lock())
        async with lock:
            if not upgrade and (ready := self.up_to_date(name)) is not None:
                return ready
            self.errors.pop(name, None)
            progress = self.progress[name] = BuildProgress()

            def say(line: str) -> None:
                progress.said(line)
                log.info("Image %s: %s", name, line)
                if echo is not None:
                    echo(line)

            try:
                version = await asyncio.to_thread(self._build, name, upgrade, say)
            except ImageBuildError as exc:
                self.errors[name] = str(exc)
                raise
            finally:
                self.progress.pop(name, None)
        await asyncio.to_thread(self.collect, name)
        return version

    def _build(self, name: str, upgrade: bool, echo: Echo) -> ImageVersion:
        image = self.settings_of(name)
        directory = self.root / name
        directory.mkdir(parents=True, exist_ok=True)
        with _file_lock(directory / ".build.lock"):
            if not upgrade and (ready := self.up_to_date(name)) is not None:
                return ready  # another process built it meanwhile
            interpreter = builder.find_interpreter(image.python)
            lock = builder.compile_lock(
                directory, image, self.extra, interpreter, upgrade=upgrade, echo=echo
            )
            number = builder.version_of(lock, interpreter)
            version = ImageVersion(name, number, directory / number)
            if not (version.path / MANIFEST).exists():
                shutil.rmtree(version.path, ignore_errors=True)  # an unfinished build
                echo(f"Building version {version.version} on Python {interpreter.version}")
                digest = builder.input_digest(image, self.extra)
                builder.build_version(
                    version.path, image, lock, interpreter, name=name, digest=digest, echo=echo
                )
            _write_atomically(directory / CURRENT, version.version + "\n")
            echo(f"Ready: version {version.version}")
            return version

    # -- versions in use ----------------------------------------------------------------------

    def in_use(self) -> set[str]:
        """The keys of the image versions runtimes on this data directory run on."""
        keys: set[str] = set()
        with contextlib.suppress(OSError):
            for runtime in self.runtimes_root.iterdir():
                with contextlib.suppress(OSError):
                    keys.add((runtime / IN_USE).read_text().strip())
        return keys

    def mark(self, runtime_dir: Path, version: ImageVersion) -> None:
        """Records that the runtime in ``runtime_dir`` runs on ``version``."""
        runtime_dir.parent.mkdir(parents=True, exist_ok=True, mode=0o711)
        runtime_dir.mkdir(exist_ok=True)
        _write_atomically(runtime_dir / IN_USE, version.key + "\n")

    def collect(self, name: str) -> list[str]:
        """Removes the versions of ``name`` that are neither current nor in use."""
        directory = self.root / name
        current = self.current(name)
        if current is None or not directory.is_dir():
            return []
        removed = []
        with _file_lock(directory / ".build.lock"):
            used = self.in_use()
            for path in directory.iterdir():
                if path.name.startswith(".") or not path.is_dir():
                    continue
                if path.name == current.version or f"{name}/{path.name}" in used:
                    continue
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
                log.info("Removed image %s version %s: no runtime uses it", name, path.name)
        return removed


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(text)
    partial.replace(path)
