"""When a schedule fires: daily and weekly come down to cron lines, read in the schedule's
time zone by croniter; a cron line that fires more often than allowed is refused."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from collaboratory.errors import ServiceError

Kind = Literal["daily", "weekly", "cron"]
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
GAPS_CHECKED = 50  # consecutive firings looked at for the shortest interval


class InvalidSchedule(ServiceError):
    status = 422
    code = "invalid_schedule"


@dataclass(frozen=True)
class When:
    kind: Kind
    time: str | None
    weekday: int | None
    cron: str
    timezone: str


def when(
    kind: Kind,
    *,
    time: str | None,
    weekday: int | None,
    cron: str | None,
    timezone: str,
    min_interval: int,
) -> When:
    """The schedule's firing rule, or a 422 saying what to fix."""
    zone(timezone)
    if kind == "cron":
        line = " ".join((cron or "").split())
        _check_cron(line, timezone, min_interval)
        return When(kind, None, None, line, timezone)
    match = TIME.match(time or "")
    if match is None:
        raise InvalidSchedule('Give the time of day as "HH:MM" (24-hour), such as "09:30".')
    hour, minute = int(match[1]), int(match[2])
    if kind == "daily":
        return When(kind, time, None, f"{minute} {hour} * * *", timezone)
    if weekday is None or not 0 <= weekday <= 6:
        raise InvalidSchedule("Give the weekday as 0 (Monday) to 6 (Sunday).")
    return When(kind, time, weekday, f"{minute} {hour} * * {(weekday + 1) % 7}", timezone)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidSchedule(
            f"Unknown time zone {name!r}: use an IANA name such as Europe/Paris or UTC."
        ) from exc


def _check_cron(line: str, timezone: str, min_interval: int) -> None:
    fields = len(line.split())
    if fields not in (5, 6) or not croniter.is_valid(line):
        raise InvalidSchedule(
            f"{line!r} is not a cron line: give five fields, minute hour day month weekday, "
            'such as "30 9 * * 1-5" (9:30 on weekdays).'
        )
    times = croniter(line, datetime.now(zone(timezone)))
    fired = [times.get_next(datetime) for _ in range(GAPS_CHECKED)]
    shortest = min((b - a).total_seconds() for a, b in itertools.pairwise(fired))
    if shortest < min_interval:
        raise InvalidSchedule(
            f"{line!r} runs every {int(shortest)} seconds at times; a schedule may run at most "
            f"once every {min_interval} seconds."
        )


def next_run(rule: When, after: datetime) -> datetime:
    """The first firing strictly after ``after``, in UTC."""
    local = after.astimezone(zone(rule.timezone))
    fired: datetime = croniter(rule.cron, local).get_next(datetime)
    return fired.astimezone(UTC)


def describe(rule: When) -> str:
    if rule.kind == "daily":
        return f"Every day at {rule.time} ({rule.timezone})"
    if rule.kind == "weekly" and rule.weekday is not None:
        return f"Every {WEEKDAYS[rule.weekday]} at {rule.time} ({rule.timezone})"
    return f"Cron {rule.cron} ({rule.timezone})"
