"""Image versions side by side: a rebuild never changes a running runtime; old ones go."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from collaboratory.config import Settings, load_settings
from collaboratory.runtimes.backend import LaunchRequest, RunningKernel
from collaboratory.runtimes.images import ImageStore
from collaboratory.runtimes.images.builder import MANIFEST
from collaboratory.runtimes.local import LocalBackend
from tests.runtimes.client import kernel_session
from tests.runtimes.wheels import tiny_wheel, wheel_filename


def image_settings(tmp_path: Path, constraint: str) -> Settings:
    """A slim image with ``envpkg`` from a local wheelhouse (versions 1.0 and 2.0)."""
    wheelhouse = tmp_path / "wheelhouse"
    wheelhouse.mkdir(exist_ok=True)
    for version, value in (("1.0", 1), ("2.0", 2)):
        wheel = wheelhouse / wheel_filename("envpkg", version)
        wheel.write_bytes(tiny_wheel("envpkg", value, version))
    image = {"packages": [f"envpkg{constraint}"], "find_links": [str(wheelhouse)]}
    runtimes = {
        "images_dir": tmp_path / "images",
        "images": {"standard": image},
        "warm_pool_enabled": False,
        "survive_restart": False,
    }
    return load_settings(data_dir=tmp_path / "data", runtimes=runtimes)


async def launch(backend: LocalBackend, settings: Settings) -> RunningKernel:
    request = LaunchRequest(uuid.uuid4().hex, str(uuid.uuid4()), settings.runtimes.types["cpu"])
    return await backend.launch(request)


# Whether every module the kernel imported from the image has its bytecode there.
COMPILED = """(
    lambda mods: (
        len(mods) > 100,
        all(__import__("os").path.exists(m.__cached__) for m in mods),
    )
)([
    m for m in list(__import__("sys").modules.values())
    if "site-packages" in (getattr(m, "__file__", None) or "")
    and getattr(m, "__cached__", None)
])"""


async def envpkg_value(kernel: RunningKernel) -> str:
    async with kernel_session(kernel.connection_info()) as k:
        return await k.value("__import__('envpkg').VALUE")


async def test_a_rebuild_leaves_a_running_runtime_on_its_version(tmp_path: Path) -> None:
    first = image_settings(tmp_path, "==1.0")
    backend = LocalBackend(first)
    old = await launch(backend, first)
    try:
        assert await envpkg_value(old) == "1"
        async with kernel_session(old.connection_info()) as k:
            out = await k.run("import fastapi")  # sandboxed, on the image: no server package
            assert out.error is not None and "ModuleNotFoundError" in out.error
        [old_version] = ImageStore(first).versions("standard")

        # the configuration changes and the image is rebuilt (as `images build` does)
        second = image_settings(tmp_path, "==2.0")
        store = ImageStore(second)
        new_version = (await store.build("standard")).version
        assert sorted(store.versions("standard")) == sorted([old_version, new_version])
        assert store.describe("standard")["state"] == "ready"

        await old.restart()  # still the old version, even across a restart of its kernel
        assert await envpkg_value(old) == "1"
        newer_backend = LocalBackend(second)
        new = await launch(newer_backend, second)
        try:
            assert await envpkg_value(new) == "2"
            async with kernel_session(new.connection_info()) as k:
                # nothing compiled at start: the image holds the bytecode of every module
                compiled = await k.value(COMPILED)
            assert compiled == "(True, True)"
        finally:
            await new.shutdown()
            await newer_backend.close()
        assert sorted(store.versions("standard")) == sorted([old_version, new_version])
    finally:
        await old.shutdown()  # the last user of the old version: it goes
    assert store.versions("standard") == [new_version]
    await backend.close()

    # a version built before the present layout (bytecode) is rebuilt
    manifest_file = tmp_path / "images" / "standard" / new_version / MANIFEST
    manifest = json.loads(manifest_file.read_text())
    del manifest["format"]
    manifest_file.write_text(json.dumps(manifest))
    assert store.describe("standard")["state"] == "outdated"


def test_an_image_is_described_with_its_locked_packages(tmp_path: Path) -> None:
    store = ImageStore(image_settings(tmp_path, ">=1"))
    assert store.describe("standard")["state"] == "absent"
    assert store.describe("standard")["packages"] == []
