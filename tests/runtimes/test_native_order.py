"""Triton's library and OpenSSL are loaded before TensorFlow (kernel_start.native_order), in a
real process with the lean kernel's deferred ``ssl``.

The real pair (9 GB) is proven by bench/ml_image_check.py; here the packages are stand-ins
with a real shared library where Triton's is, and the check is what the process has loaded
when TensorFlow's body runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from collaboratory.runtimes.kernel_start import native_order

SRC = Path(native_order.__file__).parents[3]
LIBRARY = next(
    (
        p
        for p in (Path("/lib/x86_64-linux-gnu/libz.so.1"), Path("/usr/lib/libz.so.1"))
        if p.exists()
    ),
    None,
)
PROBE = """
import json, sys
from collaboratory.runtimes.kernel_start import native_order, openssl
openssl.defer_tls()
import ssl
assert "_ssl" not in sys.modules
native_order.install()
import tensorflow
print(json.dumps({
    "mapped_before_tensorflow": tensorflow.MAPPED,
    "ssl_before_tensorflow": tensorflow.SSL,
    "triton_imported": "triton" in sys.modules,
    "finder_left": any(isinstance(f, native_order.BeforeTensorFlow) for f in sys.meta_path),
}))
"""
TENSORFLOW = """
import sys
MAPPED = 'libtriton.so' in open('/proc/self/maps').read()
SSL = '_ssl' in sys.modules
"""


def probe(site: Path) -> dict[str, bool]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(SRC)])}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True
    )
    found: dict[str, bool] = json.loads(done.stdout)
    return found


def packages(site: Path, *, triton: bool) -> Path:
    (site / "tensorflow").mkdir(parents=True)
    (site / "tensorflow" / "__init__.py").write_text(TENSORFLOW)
    if triton:
        assert LIBRARY is not None
        (site / "triton" / "_C").mkdir(parents=True)
        (site / "triton" / "__init__.py").write_text("")
        shutil.copy(LIBRARY, site / "triton" / "_C" / "libtriton.so")
    return site


@pytest.mark.skipif(LIBRARY is None, reason="no libz.so.1 to stand in for libtriton.so")
def test_triton_library_is_loaded_before_tensorflow_without_importing_triton(
    tmp_path: Path,
) -> None:
    found = probe(packages(tmp_path, triton=True))
    assert found == {
        "mapped_before_tensorflow": True,
        "ssl_before_tensorflow": True,
        "triton_imported": False,
        "finder_left": False,
    }


def test_without_triton_tensorflow_imports_as_usual(tmp_path: Path) -> None:
    found = probe(packages(tmp_path, triton=False))
    assert found == {
        "mapped_before_tensorflow": False,
        "ssl_before_tensorflow": True,
        "triton_imported": False,
        "finder_left": False,
    }
