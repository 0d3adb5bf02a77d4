"""Outputs as text and size: what the cap counts, and what the spill file gets."""

from __future__ import annotations

import json
from typing import Any


def join(text: Any) -> str:
    return "".join(text) if isinstance(text, list) else str(text)


def size_of(data: dict[str, Any]) -> int:
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())


def as_text(output: dict[str, Any]) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return join(output.get("text", ""))
    if kind == "error":
        return "\n".join(output.get("traceback", [])) + "\n"
    data = output.get("data", {})
    if "text/plain" in data:
        return join(data["text/plain"]) + "\n"
    return f"[{kind}: {', '.join(data)}]\n"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit, 0)] + "…"


def clipped_error(content: dict[str, Any], cap: int) -> dict[str, Any]:
    """Errors always reach the document (they say why a cell failed), but within ``cap``:
    the end of the traceback is kept, where the failing line is."""
    kept: list[str] = []
    room = cap
    for line in reversed(content.get("traceback") or []):
        if room <= 0:
            break
        kept.append(clip(str(line), room))
        room -= len(kept[-1])
    return {
        "output_type": "error",
        "ename": clip(str(content.get("ename", "")), 1000),
        "evalue": clip(str(content.get("evalue", "")), cap),
        "traceback": kept[::-1],
    }
