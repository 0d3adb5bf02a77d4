"""The server's start-up heap, kept out of the garbage collector's full passes.

A full (generation 2) collection walks every tracked object. Once started, the server holds
some 450,000 that live as long as it does (modules, pydantic and FastAPI models, the URI
grammar that jsonschema builds); walking them took 200 to 280 ms a pass on the 2-core machine,
and each pass stalled every edit and output for that long (bench/load.py, docs/PERFORMANCE.md).
Collected once and then frozen, they are no longer walked; what is allocated afterwards is
collected as before. Only ``collaboratory serve`` does this: a test process creates many apps.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)


def freeze_startup_heap() -> None:
    gc.collect()
    gc.freeze()
    log.info("froze %d start-up objects out of the collector's full passes", gc.get_freeze_count())
