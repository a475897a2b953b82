"""A council's agenda as an RFC 5545 calendar (`calendar.ics`), rendered by `icalendar`."""

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar

from services.events.domain import Event

PRODID = "-//Dekranasda//Agenda//ID"
UID_DOMAIN = "dekranasda"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+")
"""RFC 5545 forbids these in TEXT; the API refuses them, and a feed never carries them."""


def printable(text: str | None) -> str | None:
    """The text without control characters (line breaks and tabs stay: icalendar escapes them)."""
    return _CONTROL.sub(" ", text) if text is not None else None


def event_uid(event_id: str) -> str:
    """The calendar UID of an event: stable across renders, so clients update, not duplicate."""
    return f"{event_id}@{UID_DOMAIN}"


def build_calendar(
    *, council: str, name: str, time_zone: str, events: Iterable[Event], now: datetime
) -> bytes:
    """The council's events as an iCalendar file with the council's VTIMEZONE; `now` stamps it."""
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        uid=f"calendar-{council}@{UID_DOMAIN}",
        method="PUBLISH",
        calscale="GREGORIAN",
        name=f"Agenda Dekranasda {name}",
        description=f"Kegiatan Dekranasda {name} ({council})",
    )
    calendar.add("X-WR-TIMEZONE", time_zone)
    zone = ZoneInfo(time_zone)
    for event in events:
        calendar.add_component(_vevent(event, zone=zone, now=now))
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def _vevent(event: Event, *, zone: ZoneInfo, now: datetime) -> icalendar.Event:
    component = icalendar.Event.new(
        uid=event_uid(event.id),
        sequence=event.sequence,
        stamp=now.astimezone(UTC),
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        summary=printable(event.title),
        location=printable(event.venue),
        categories=[event.type],
        status=icalendar.enums.STATUS.CANCELLED
        if event.status == "cancelled"
        else icalendar.enums.STATUS.CONFIRMED,
    )
    if event.cancel_reason:
        component.add("description", printable(event.cancel_reason))
    return component
