"""The in-runtime library: installed *inside* every runtime image as the top-level package
``collaboratory_runtime``, with Colab's ``google.colab`` as an alias of its ``colab`` package.

It talks to the service over the kernel's own channels only (Colab's request/reply: a
``colab_request`` message on iopub, answered by an ``input_reply`` on stdin), never over the
network. ``google/colab/__init__.py`` is the only file written under ``google/``, and there is
no ``google/__init__.py``: ``google`` stays a namespace package, so ``google.protobuf``,
``google.auth`` and friends still import beside it.

Every module here must stay self-contained: relative imports, the standard library and the
kernel's own packages (IPython, ipykernel, zmq); never ``collaboratory``.
"""

from __future__ import annotations

MODULE_NAME = "collaboratory_runtime"

# google.colab *is* collaboratory_runtime.colab: one module object under both names (one
# SecretNotFoundError class), submodules included, so `import google.colab.userdata` works.
GOOGLE_COLAB_INIT = '''"""google.colab in a Collaboratory runtime: collaboratory_runtime.colab."""
import sys

from collaboratory_runtime import colab as _colab

for _name in _colab.SUBMODULES:
    sys.modules["google.colab." + _name] = sys.modules["collaboratory_runtime.colab." + _name]
sys.modules[__name__] = _colab
'''


def image_files() -> dict[str, str]:
    """What a runtime image gets, by path relative to its site-packages."""
    from pathlib import Path

    here = Path(__file__).parent
    files = {"google/colab/__init__.py": GOOGLE_COLAB_INIT}
    for path in sorted(here.rglob("*.py")):
        files[f"{MODULE_NAME}/{path.relative_to(here).as_posix()}"] = path.read_text("utf-8")
    return files
