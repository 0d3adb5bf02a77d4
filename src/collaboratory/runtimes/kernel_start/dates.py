"""What ``jupyter_client.jsonutil`` takes from dateutil, without importing it (2 MB) at start.

jsonutil reads the ``date`` of every message header (strings it has matched as ISO 8601)
with ``dateutil.parser.isoparse``; the standard library reads those to the same instant.
Anything it cannot read, and ``tzlocal`` (for naive dates), goes to dateutil itself.
"""

from __future__ import annotations

import types
from datetime import datetime, tzinfo


def isoparse(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        from dateutil.parser import isoparse as dateutil_isoparse  # type: ignore[import-untyped]

        parsed: datetime = dateutil_isoparse(text)
        return parsed


def tzlocal() -> tzinfo:
    from dateutil.tz import tzlocal as dateutil_tzlocal  # type: ignore[import-untyped]

    local: tzinfo = dateutil_tzlocal()
    return local


def stand_in_modules() -> dict[str, types.ModuleType | None]:
    """``dateutil.parser`` and ``dateutil.tz`` as jsonutil imports them."""
    parser = types.ModuleType("dateutil.parser")
    parser.isoparse = isoparse  # type: ignore[attr-defined]
    tz = types.ModuleType("dateutil.tz")
    tz.tzlocal = tzlocal  # type: ignore[attr-defined]
    return {"dateutil.parser": parser, "dateutil.tz": tz}
