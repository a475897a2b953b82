"""Instants stored in UTC and shown on the council's wall clock (WIB, WITA or WIT)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from shared.aggregate import DomainError
from shared.clock import as_utc
from shared.regions import time_zone_of


def period(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    """A start and end in UTC; an end at or before the start is a 422 on `ends_at`."""
    start, end = as_utc(starts_at, field="starts_at"), as_utc(ends_at, field="ends_at")
    if end <= start:
        raise DomainError("ends_at must come after starts_at", field="ends_at")
    return start, end


def local_time(moment: datetime, *, council: str) -> datetime:
    """An instant as the council's wall clock shows it."""
    return moment.astimezone(ZoneInfo(time_zone_of(council)))


def local_day(moment: datetime, *, council: str) -> date:
    """The calendar day an instant falls on in the council's zone."""
    return local_time(moment, council=council).date()


def day_start(day: date, *, council: str) -> datetime:
    """The instant (UTC) the council's wall clock shows midnight starting `day`."""
    return datetime.combine(day, time(), tzinfo=ZoneInfo(time_zone_of(council))).astimezone(UTC)
