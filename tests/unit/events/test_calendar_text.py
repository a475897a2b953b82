"""No control character reaches calendar.ics, whatever an older record holds."""

from datetime import UTC, datetime, timedelta, timezone

import icalendar

from services.events.calendar import build_calendar
from services.events.domain import Event

WIT = timezone(timedelta(hours=9))


def test_control_characters_never_reach_the_feed() -> None:
    event = Event.schedule(
        id="rakor-jayapura",
        council="91",
        type="rakor",
        title="Rakor Jayapura",
        starts_at=datetime(2026, 3, 1, 9, tzinfo=WIT),
        ends_at=datetime(2026, 3, 1, 12, tzinfo=WIT),
    )
    # as stored before titles were checked
    event.title, event.venue = "Rakor\u001fJayapura", "Aula\u0007 Sasana Krida"
    ics = build_calendar(
        council="91",
        name="Papua",
        time_zone="Asia/Jayapura",
        events=[event],
        now=datetime(2026, 2, 1, tzinfo=UTC),
    )
    controls = {b for b in ics.replace(b"\r\n", b"") if b < 0x20 or b == 0x7F}
    assert controls == set()
    entry = icalendar.Calendar.from_ical(ics).events[0]
    assert str(entry["SUMMARY"]) == "Rakor Jayapura"
    assert str(entry["LOCATION"]) == "Aula  Sasana Krida"
