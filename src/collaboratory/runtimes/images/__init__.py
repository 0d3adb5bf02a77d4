"""Runtime images: named, locked Python environments kernels run in, apart from the server's.

:mod:`.builder` turns an image's settings into a lock and a virtual environment with uv;
:mod:`.store` keeps the built versions under ``data/images/<name>/<version>/``, says which is
the newest, builds on demand and removes old versions once no runtime uses them.
"""

from collaboratory.runtimes.images.builder import ImageBuildError
from collaboratory.runtimes.images.store import ImageStore, ImageVersion

__all__ = ["ImageBuildError", "ImageStore", "ImageVersion"]
