"""A council's calendar.ics over HTTP, parsed back with icalendar as a calendar client would."""

from datetime import datetime

import icalendar
import pytest

from tests.conftest import token
from tests.integration.events.harness import EventsService, body

pytestmark = pytest.mark.integration


async def _calendar(events: EventsService, code: str, region: str) -> icalendar.Calendar:
    r = await events.http.get(f"/councils/{code}/calendar.ics", headers=token(region, "viewer"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(r.content)


def _entry(calendar: icalendar.Calendar, event_id: str) -> icalendar.Event:
    matches = [e for e in calendar.events if str(e["UID"]) == f"{event_id}@dekranasda"]
    assert len(matches) == 1
    return matches[0]


def _zones(calendar: icalendar.Calendar) -> set[str]:
    return {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}


async def test_pekalongan_agenda_keeps_uids_and_raises_sequence_on_change(
    events: EventsService,
) -> None:
    rakor = body(
        "33.75",
        "Rakor Dekranasda Kota Pekalongan",
        "2021-10-18T09:00:00+07:00",
        "2021-10-18T12:00:00+07:00",
        type="rakor",
        venue="Ruang Jetayu",
    )
    (term,) = await events.feed.terms("33.75")
    pengukuhan = body(
        "33.75",
        "Pengukuhan Pengurus Dekranasda Kota Pekalongan 2021-2026",
        "2021-10-26T09:00:00+07:00",
        "2021-10-26T11:00:00+07:00",
        type="inauguration",
        venue="Ruang Jetayu",
        term_ids=[term],
    )
    ids = []
    for new in (rakor, pengukuhan):
        r = await events.http.post("/events", json=new, headers=token("33.75"))
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    before = await _calendar(events, "33.75", "33.75")
    assert _zones(before) == {"Asia/Jakarta"}
    entry = _entry(before, ids[0])
    assert entry["SEQUENCE"] == 0 and str(entry["LOCATION"]) == "Ruang Jetayu"
    start = entry.decoded("DTSTART")
    assert isinstance(start, datetime)
    assert (start.hour, str(start.tzinfo)) == (9, "Asia/Jakarta")
    assert entry["DTSTART"].params["TZID"] == "Asia/Jakarta"

    await events.http.post(
        f"/events/{ids[0]}/reschedule",
        json={"starts_at": "2021-10-18T13:00:00+07:00", "ends_at": "2021-10-18T15:00:00+07:00"},
        headers=token("33.75"),
    )
    await events.http.post(
        f"/events/{ids[1]}/cancel", json={"reason": "ditunda"}, headers=token("33.75")
    )
    after = await _calendar(events, "33.75", "33")
    moved, cancelled = _entry(after, ids[0]), _entry(after, ids[1])
    assert moved["SEQUENCE"] == 1 and moved.decoded("DTSTART").hour == 13
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled["SEQUENCE"] == 1
    assert str(moved["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("council", "zone", "offset"),
    [
        ("17", "Asia/Jakarta", "+07:00"),
        ("73.71", "Asia/Makassar", "+08:00"),
        ("91.71", "Asia/Jayapura", "+09:00"),
    ],
)
async def test_each_calendar_is_in_its_councils_zone(
    events: EventsService, council: str, zone: str, offset: str
) -> None:
    new = body(council, "Monev UKM binaan", "2021-11-10T01:00:00Z", "2021-11-10T03:00:00Z")
    r = await events.http.post(
        "/events", json={**new, "type": "monev_visit"}, headers=token(council)
    )
    assert r.json()["local_starts_at"] == f"2021-11-10T{int(offset[1:3]) + 1:02d}:00:00{offset}"
    calendar = await _calendar(events, council, council)
    assert zone in _zones(calendar)
    entry = _entry(calendar, r.json()["id"])
    assert entry["DTSTART"].params["TZID"] == zone
    assert entry.decoded("DTSTART").hour == int(offset[1:3]) + 1


async def test_a_calendar_out_of_scope_or_unknown_is_not_found(events: EventsService) -> None:
    assert (
        await events.http.get("/councils/33.75/calendar.ics", headers=token("17"))
    ).status_code == 404
    assert (
        await events.http.get("/councils/99.99/calendar.ics", headers=token("ID", "admin"))
    ).status_code == 404
    assert (await events.http.get("/councils/17/calendar.ics")).status_code == 401
