"""A minimal wheel made on the spot, so pip tests need no package index."""

from __future__ import annotations

import io
import zipfile


def tiny_wheel(name: str = "tinypkg", value: int = 42, version: str = "0.1") -> bytes:
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f"VALUE = {value}\n",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    files[f"{info}/RECORD"] = "".join(f"{path},,\n" for path in [*files, f"{info}/RECORD"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        for path, text in files.items():
            wheel.writestr(path, text)
    return buffer.getvalue()


def wheel_filename(name: str = "tinypkg", version: str = "0.1") -> str:
    return f"{name}-{version}-py3-none-any.whl"
