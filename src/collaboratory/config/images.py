"""Runtime image settings: the named Python environments kernels run in."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# What a fresh Colab runtime lets people import, without a deep-learning framework.
STANDARD_PACKAGES = [
    "numpy",
    "scipy",
    "pandas",
    "scikit-learn",
    "xgboost-cpu",  # the same `import xgboost`, without 480 MB of CUDA (NCCL) libraries
    "statsmodels",
    "matplotlib",
    "seaborn",
    "plotly",
    "sympy",
    "networkx",
    "nltk",
    "Pillow",
    "opencv-python-headless",
    "scikit-image",
    "h5py",
    "requests",
    "beautifulsoup4",
    "PyYAML",
    "tqdm",
    "ipywidgets",
]
ML_PACKAGES = [
    *(p if p != "xgboost-cpu" else "xgboost" for p in STANDARD_PACKAGES),  # xgboost's GPU build
    "torch",
    "tensorflow",
    "keras",
    "jax",
]


class RuntimeImageSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    python: str | None = Field(
        None,
        description="Interpreter the image is built on: a path or a version uv finds on this "
        'machine ("3.12"; never downloaded); unset: the server\'s own base interpreter.',
    )
    packages: list[str] = Field(
        default_factory=list,
        description='Requirements with version constraints ("numpy>=1.26,<3", a wheel\'s path); '
        "ipykernel and pip are always added.",
    )
    index_url: str | None = Field(None, description="Package index to use instead of PyPI.")
    extra_index_urls: list[str] = Field(
        default_factory=list, description="Further package indexes, after index_url."
    )
    find_links: list[str] = Field(
        default_factory=list,
        description="Wheelhouse directories (or URLs) searched for packages as well.",
    )
    no_index: bool = Field(
        False, description="Use find_links only, no index at all (an offline site's wheelhouse)."
    )


def default_images() -> dict[str, RuntimeImageSettings]:
    return {
        "standard": RuntimeImageSettings(packages=list(STANDARD_PACKAGES)),
        "ml": RuntimeImageSettings(packages=list(ML_PACKAGES)),
    }
