"""How far a runtime image's build has come, read from what the build says.

The builder reports its steps (``Resolving…``, ``Installing N packages``, ``Compiling to
bytecode``, ``Ready``) and passes on uv's own lines. uv names each file it fetches with its size
before the first byte (``Downloading torch (514.2MiB)``) and again when it has it
(``Downloaded torch``), so the download share of a build, by far its longest part on an empty
cache, advances by the bytes of the files done. The steps' weights are rough shares of a cold
build on this machine (docs/PERFORMANCE.md); the figure never goes back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The percentage at which each step of a build begins (by the builder's own words).
STEPS = [
    ("Resolving ", 2),
    ("Building version ", 8),
    ("Installing ", 10),
    ("Prepared ", 80),
    ("Installed ", 85),
    ("Compiling to bytecode", 88),
    ("Ready", 100),
]
DOWNLOADS = (10, 80)  # the share of the downloads, between "Installing" and "Prepared"
_STARTED = re.compile(r"^Downloading (\S+) \(([\d.]+)\s*([KMG]i?B)\)")
_DONE = re.compile(r"^Downloaded (\S+)")
_UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


@dataclass
class BuildProgress:
    """One build's progress: a percentage and the last thing the build said."""

    percent: int = 0
    message: str = "Waiting to build"
    _sizes: dict[str, float] = field(default_factory=dict)
    _done: set[str] = field(default_factory=set)

    def said(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        if match := _STARTED.match(line):
            size = float(match.group(2)) * _UNITS[match.group(3)[0]]
            self._sizes[match.group(1)] = size
            self.message = f"Downloading {len(self._sizes)} files"
            return
        if match := _DONE.match(line):
            self._done.add(match.group(1))
            self._advance(self._download_percent())
            total = len(self._sizes)
            self.message = f"Downloaded {len(self._done & self._sizes.keys())} of {total} files"
            return
        for prefix, percent in STEPS:
            if line.startswith(prefix):
                self._advance(percent)
                break
        self.message = line

    def _download_percent(self) -> int:
        total = sum(self._sizes.values())
        if total <= 0:
            return DOWNLOADS[0]
        done = sum(size for name, size in self._sizes.items() if name in self._done)
        low, high = DOWNLOADS
        return low + int((high - low) * done / total)

    def _advance(self, percent: int) -> None:
        self.percent = max(self.percent, min(100, percent))

    def describe(self) -> dict[str, object]:
        return {"percent": self.percent, "message": self.message}
