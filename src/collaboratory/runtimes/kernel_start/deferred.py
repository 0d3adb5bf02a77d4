"""Modules whose bodies run on first use, and imports made with stand-in modules."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# Names a deferred module answers without running its body, by module, with who resolves them.
_EARLY: dict[str, dict[str, Callable[[], object]]] = {}
_LOADING: set[str] = set()
_LOAD_LOCK = threading.RLock()
# Set by the import system, never by a module's body: a miss is an answer, not a reason to load.
_IMPORT_SYSTEM_NAMES = frozenset(
    {"__path__", "__spec__", "__loader__", "__file__", "__cached__", "__package__", "__name__"}
)


class DeferredModule(types.ModuleType):
    """A module (or package) whose body runs on the first attribute it cannot answer.

    Submodules of a deferred package import without running the package's body.
    """

    def __getattr__(self, name: str) -> Any:
        early = _EARLY.get(self.__name__, {}).get(name)
        if early is not None:
            value = early()
            setattr(self, name, value)  # the body, when it runs, sets the same
            return value
        if name in _IMPORT_SYSTEM_NAMES:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        run_body(self)
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        run_body(self)
        return list(self.__dict__)


def run_body(module: types.ModuleType) -> None:
    """Run a deferred module's body now (once; later calls do nothing)."""
    with _LOAD_LOCK:
        if type(module) is not DeferredModule:
            return  # another thread ran it while this one waited
        if module.__name__ in _LOADING:  # the body itself asks: as for a partly imported module
            raise AttributeError(f"partially initialized module {module.__name__!r}")
        spec = module.__spec__
        assert spec is not None and spec.loader is not None
        _LOADING.add(module.__name__)
        try:
            spec.loader.exec_module(module)
        finally:
            _LOADING.discard(module.__name__)
        module.__class__ = types.ModuleType  # type: ignore[assignment]


def defer_module(name: str, early: dict[str, Callable[[], object]]) -> None:
    """Put ``name`` in ``sys.modules`` without running its body; ``early`` answers first.

    A submodule deferred before its package is found without importing the package, which is
    imported afterwards (finding the deferred submodule in place) to bind it.
    """
    if name in sys.modules:
        return  # too late: already imported
    spec = _find_spec(name)
    if spec is None or spec.loader is None:
        return  # not installed: its importers will say so
    module = importlib.util.module_from_spec(spec)
    module.__class__ = DeferredModule
    _EARLY[name] = early
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(importlib.import_module(parent), child, module)


def _find_spec(name: str) -> importlib.machinery.ModuleSpec | None:
    parent, _, _ = name.rpartition(".")
    if not parent or parent in sys.modules:
        return importlib.util.find_spec(name)
    package = importlib.util.find_spec(parent)  # imports the package's own parents only
    if package is None or package.submodule_search_locations is None:
        return None
    return importlib.machinery.PathFinder.find_spec(name, list(package.submodule_search_locations))


def from_module(module: str, name: str) -> Callable[[], object]:
    """Resolves ``name`` from ``module``, imported when asked."""
    return lambda: getattr(importlib.import_module(module), name)


@contextmanager
def stand_ins(modules: dict[str, types.ModuleType | None], replace: bool = False) -> Iterator[None]:
    """While inside, importing these names gives these modules (None: "not installed").

    Only for names not imported yet, unless ``replace``; afterwards they import as before.
    """
    placed = {n: m for n, m in modules.items() if replace or n not in sys.modules}
    replaced = {n: sys.modules[n] for n in placed if n in sys.modules}
    sys.modules.update(placed)  # type: ignore[arg-type]  # None: how importlib says "absent"
    try:
        yield
    finally:
        for name, module in placed.items():
            if name in sys.modules and sys.modules[name] is module:
                del sys.modules[name]
        sys.modules.update(replaced)
