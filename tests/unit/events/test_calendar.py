"""The council calendar: parsed back with icalendar, as a calendar client would read it."""

from datetime import UTC, datetime, timedelta, timezone

import icalendar

from services.events.calendar import build_calendar
from services.events.domain import Event

WIB = timezone(timedelta(hours=7))
NOW = datetime(2021, 10, 27, 3, tzinfo=UTC)


def pekalongan_agenda() -> list[Event]:
    rakor = Event.schedule(
        id="rakor-2021",
        council="33.75",
        type="rakor",
        title="Rakor Dekranasda Kota Pekalongan",
        venue="Ruang Jetayu",
        starts_at=datetime(2021, 10, 18, 9, tzinfo=WIB),
        ends_at=datetime(2021, 10, 18, 12, tzinfo=WIB),
    )
    inauguration = Event.schedule(
        id="pengukuhan-2021",
        council="33.75",
        type="inauguration",
        title="Pengukuhan pengurus Dekranasda Kota Pekalongan 2021-2026",
        venue="Ruang Jetayu",
        starts_at=datetime(2021, 10, 26, 9, tzinfo=WIB),
        ends_at=datetime(2021, 10, 26, 11, tzinfo=WIB),
        term_ids=["term-2021-2026"],
    )
    return [rakor, inauguration]


def render(events: list[Event], *, council: str = "33.75", zone: str = "Asia/Jakarta") -> bytes:
    return build_calendar(
        council=council, name="Kota Pekalongan", time_zone=zone, events=events, now=NOW
    )


def vevents(ics: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics)
    return {str(event["UID"]): event for event in calendar.events}


def start_of(entry: icalendar.Event) -> datetime:
    start = entry.start
    assert isinstance(start, datetime)
    return start


def test_returns_bytes_that_parse_back_with_one_entry_per_event() -> None:
    ics = render(pekalongan_agenda())
    assert isinstance(ics, bytes) and ics.startswith(b"BEGIN:VCALENDAR")
    assert set(vevents(ics)) == {"rakor-2021@dekranasda", "pengukuhan-2021@dekranasda"}


def test_uids_and_bytes_are_stable_across_renders() -> None:
    agenda = pekalongan_agenda()
    assert render(agenda) == render(agenda)


def test_entries_carry_summary_location_categories_stamp_and_status() -> None:
    rakor = vevents(render(pekalongan_agenda()))["rakor-2021@dekranasda"]
    assert str(rakor["SUMMARY"]) == "Rakor Dekranasda Kota Pekalongan"
    assert str(rakor["LOCATION"]) == "Ruang Jetayu"
    assert rakor.categories == ["rakor"]
    assert rakor.DTSTAMP == NOW
    assert str(rakor["STATUS"]) == "CONFIRMED"
    assert rakor.sequence == 0


def test_dtstart_is_local_time_with_the_council_tzid_and_a_vtimezone() -> None:
    rakerda = Event.schedule(
        id="rakerda-2021",
        council="17",
        type="rakerda",
        title="Rakerda Dekranasda Provinsi Bengkulu 2021",
        venue="Auditorium Hotel Grage",
        starts_at=datetime(2021, 3, 23, 9, tzinfo=WIB),
        ends_at=datetime(2021, 3, 23, 16, tzinfo=WIB),
    )
    ics = render([rakerda], council="17", zone="Asia/Jakarta")
    assert b"DTSTART;TZID=Asia/Jakarta:20210323T090000" in ics
    entry = vevents(ics)["rakerda-2021@dekranasda"]
    assert entry["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert start_of(entry).hour == 9
    assert start_of(entry).astimezone(UTC) == datetime(2021, 3, 23, 2, tzinfo=UTC)
    zones = icalendar.Calendar.from_ical(ics).walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Asia/Jakarta"]


def test_a_wit_council_gets_its_own_zone() -> None:
    visit = Event.schedule(
        id="monev-jayapura",
        council="91.71",
        type="monev_visit",
        title="Monev UKM binaan",
        venue="Sentra noken",
        starts_at=datetime(2021, 11, 1, 0, tzinfo=UTC),
        ends_at=datetime(2021, 11, 1, 3, tzinfo=UTC),
    )
    entry = vevents(render([visit], council="91.71", zone="Asia/Jayapura"))[
        "monev-jayapura@dekranasda"
    ]
    assert entry["DTSTART"].params["TZID"] == "Asia/Jayapura"
    assert (start_of(entry).hour, entry.DTEND.hour) == (9, 12)


def test_sequence_rises_and_uid_stays_when_an_event_is_rescheduled() -> None:
    agenda = pekalongan_agenda()
    before = vevents(render(agenda))["pengukuhan-2021@dekranasda"]
    agenda[1].reschedule(
        starts_at=datetime(2021, 10, 26, 13, tzinfo=WIB),
        ends_at=datetime(2021, 10, 26, 15, tzinfo=WIB),
    )
    after = vevents(render(agenda))["pengukuhan-2021@dekranasda"]
    assert after.sequence > before.sequence
    assert start_of(after).hour == 13


def test_a_cancelled_event_is_marked_cancelled() -> None:
    agenda = pekalongan_agenda()
    agenda[0].cancel(reason="Dipindah")
    rakor = vevents(render(agenda))["rakor-2021@dekranasda"]
    assert str(rakor["STATUS"]) == "CANCELLED"
    assert rakor.sequence == 1


def test_an_empty_agenda_is_still_a_valid_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(render([]))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"
