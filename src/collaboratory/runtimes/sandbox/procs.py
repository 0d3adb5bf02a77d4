"""Finding the kernel process below bubblewrap's two processes."""

from __future__ import annotations

from pathlib import Path


def children_map(proc: Path = Path("/proc")) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process exited meanwhile
        ppid = int(text.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(stat.parent.name))
    return children


def first_descendant_not_named(root: int, name: str, proc: Path = Path("/proc")) -> int | None:
    """Breadth first below ``root``: the first process whose command name is not ``name``."""
    children = children_map(proc)
    queue = list(children.get(root, []))
    while queue:
        pid = queue.pop(0)
        try:
            comm = (proc / str(pid) / "comm").read_text().strip()
        except OSError:
            continue
        if comm != name:
            return pid
        queue.extend(children.get(pid, []))
    return None


def descendants(root: int, proc: Path = Path("/proc")) -> list[int]:
    """Every process below ``root``, parents before children."""
    children = children_map(proc)
    found: list[int] = []
    queue = list(children.get(root, []))
    while queue:
        pid = queue.pop(0)
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found
