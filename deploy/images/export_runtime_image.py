"""Writes what a kernel container image needs from the service: a runtime image's packages
and the in-runtime library (google.colab and its helpers).

    python export_runtime_image.py IMAGE OUT_DIR [CONFIG.toml]

Runs inside the service image (deploy/images/kernel.Dockerfile). OUT_DIR/requirements.txt lists
the image's requirements as ``[runtimes.images.IMAGE]`` defines them (the defaults, or CONFIG's);
OUT_DIR/site/ holds files to copy into the kernel's site-packages.
"""

from __future__ import annotations

import sys
from pathlib import Path

from collaboratory.config import load_settings
from collaboratory.runtimes import in_runtime


def main(image: str, out: Path, config: Path | None) -> None:
    settings = load_settings(config, data_dir=out / "unused")
    definition = settings.runtimes.images.get(image)
    if definition is None:
        known = ", ".join(sorted(settings.runtimes.images))
        sys.exit(f"No runtime image {image!r}; defined: {known}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "requirements.txt").write_text("\n".join(definition.packages) + "\n")
    for relative, text in in_runtime.image_files().items():
        target = out / "site" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)
