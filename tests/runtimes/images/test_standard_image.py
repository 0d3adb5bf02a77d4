"""The real ``standard`` image: built once per session from a config file, with uv's cache, and
every package of it imported in a sandboxed runtime, where the server's packages are not."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import Iterator

import pytest

from collaboratory.config import Settings, load_settings
from collaboratory.config.images import STANDARD_PACKAGES
from collaboratory.runtimes.backend import LaunchRequest
from collaboratory.runtimes.images import ImageStore
from collaboratory.runtimes.local import LocalBackend
from tests.runtimes.client import kernel_session

# What each package of `standard` is imported as.
IMPORT_NAMES = {
    "numpy": "numpy",
    "scipy": "scipy",
    "pandas": "pandas",
    "scikit-learn": "sklearn",
    "xgboost-cpu": "xgboost",
    "statsmodels": "statsmodels",
    "matplotlib": "matplotlib",
    "seaborn": "seaborn",
    "plotly": "plotly",
    "sympy": "sympy",
    "networkx": "networkx",
    "nltk": "nltk",
    "Pillow": "PIL",
    "opencv-python-headless": "cv2",
    "scikit-image": "skimage",
    "h5py": "h5py",
    "requests": "requests",
    "beautifulsoup4": "bs4",
    "PyYAML": "yaml",
    "tqdm": "tqdm",
    "ipywidgets": "ipywidgets",
}
# The test session points every runtime at its slim image; this one configures its own.
SESSION_ENV = ("COLLABORATORY_RUNTIMES__IMAGES", "COLLABORATORY_RUNTIMES__IMAGES_DIR")


@pytest.fixture(scope="session")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings from a config file naming the real ``standard`` packages, the image built."""
    root = tmp_path_factory.mktemp("standard-image")
    config = root / "collaboratory.toml"
    config.write_text(
        f'data_dir = "{root / "data"}"\n'
        "[runtimes]\n"
        f'images_dir = "{root / "images"}"\n'
        "warm_pool_enabled = false\n"
        "survive_restart = false\n"
        "[runtimes.images.standard]\n"
        f"packages = {json.dumps(STANDARD_PACKAGES)}\n"
    )
    saved = {name: os.environ.pop(name) for name in SESSION_ENV if name in os.environ}
    try:
        settings = load_settings(config)
    finally:
        os.environ.update(saved)
    asyncio.run(ImageStore(settings).build("standard"))
    yield settings


def test_every_standard_package_has_its_import_name() -> None:
    assert sorted(IMPORT_NAMES) == sorted(STANDARD_PACKAGES)


async def test_a_runtime_on_standard_imports_its_packages_and_not_the_servers(
    standard: Settings,
) -> None:
    assert standard.runtimes.images["standard"].packages == STANDARD_PACKAGES
    backend = LocalBackend(standard)
    cpu = standard.runtimes.types["cpu"]
    kernel = await backend.launch(LaunchRequest(uuid.uuid4().hex, str(uuid.uuid4()), cpu))
    try:
        async with kernel_session(kernel.connection_info()) as k:
            names = ", ".join(IMPORT_NAMES.values())
            out = await k.run(f"import {names}", 240)
            assert out.error is None, out
            for server_package in ("fastapi", "sqlalchemy", "collaboratory"):
                out = await k.run(f"import {server_package}")
                assert out.error is not None and "ModuleNotFoundError" in out.error, out
    finally:
        await kernel.shutdown()
        await backend.close()
