"""The Python a runtime's kernel runs on: its type's runtime image, or a configured interpreter.

Runtime images (:mod:`collaboratory.runtimes.images`) are virtual environments of their own,
built by uv from a lock, holding ipykernel, the image's packages and the lean kernel launcher
(``kernel_start``, as the top-level package ``collaboratory_kernel``); nothing of the server's
environment is importable in them. ``runtimes.python`` instead names one interpreter (which
must have ipykernel) that every runtime uses as it is, with ipykernel's own launcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from collaboratory.config import Settings
from collaboratory.runtimes import kernel_start
from collaboratory.runtimes.images import ImageBuildError, ImageStore, ImageVersion

STOCK_KERNEL_MODULE = "ipykernel_launcher"
RuntimeEnvironmentError = ImageBuildError


@dataclass(frozen=True)
class KernelPython:
    """What a kernel is started with: ``python -m module``, on ``image`` when there is one."""

    python: str
    module: str
    image: ImageVersion | None = None

    @property
    def image_key(self) -> str | None:
        return self.image.key if self.image is not None else None


class RuntimeEnvironment:
    def __init__(self, settings: Settings) -> None:
        self.configured = settings.runtimes.python
        self.images = ImageStore(settings)
        self.default_image = settings.runtimes.types[settings.runtimes.default_type].image

    @property
    def kernel_module(self) -> str:
        """The module kernels start with (``python -m``): the lean launcher, unless configured."""
        return STOCK_KERNEL_MODULE if self.configured else kernel_start.MODULE_NAME

    @property
    def shared_paths(self) -> tuple[str, ...]:
        """Host paths the sandbox must show (read-only) besides the interpreter's prefixes,
        which it binds anyway (an image's virtual environment and its base interpreter)."""
        return ()

    async def ensure(self, image: str | None = None) -> KernelPython:
        """What a new kernel of ``image`` starts with, building the image first when due."""
        if self.configured:
            return KernelPython(self.configured, STOCK_KERNEL_MODULE)
        version = await self.images.ensure(image or self.default_image)
        return KernelPython(version.python, kernel_start.MODULE_NAME, version)

    def resolve(self, image_key: str | None, image: str | None = None) -> KernelPython | None:
        """What a kernel started earlier runs on (its recorded image version); None when that
        version is gone."""
        if self.configured:
            return KernelPython(self.configured, STOCK_KERNEL_MODULE)
        version = self.images.version(image_key) if image_key else None
        if version is None and image_key is None:
            version = self.images.current(image or self.default_image)
        if version is None:
            return None
        return KernelPython(version.python, kernel_start.MODULE_NAME, version)

    def mark(self, runtime_dir: Path, kernel: KernelPython) -> None:
        """Keeps the runtime's image version from removal while the runtime lives."""
        if kernel.image is not None:
            self.images.mark(runtime_dir, kernel.image)

    def release(self, kernel: KernelPython) -> None:
        """A runtime has ended: its image version goes unless current or used by another."""
        if kernel.image is not None:
            self.images.collect(kernel.image.name)
