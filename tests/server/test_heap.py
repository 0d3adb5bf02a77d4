"""The start-up heap is frozen out of the collector's full passes (``collaboratory serve``)."""

from __future__ import annotations

import gc
import weakref

from collaboratory.server.heap import freeze_startup_heap


def test_the_start_up_heap_is_frozen_and_garbage_collected_first() -> None:
    class Cycle:
        me: object

    cycle = Cycle()
    cycle.me = cycle
    gone = weakref.ref(cycle)
    del cycle  # garbage now: collected before the freeze, never frozen
    try:
        freeze_startup_heap()
        assert gc.get_freeze_count() > 1000
        assert gone() is None
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
