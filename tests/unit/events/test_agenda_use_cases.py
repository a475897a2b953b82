"""The agenda's use cases on in-memory fakes: scheduling, lists, calendar and outcomes."""

from datetime import UTC, date, datetime, timedelta, timezone

import icalendar
import pytest

from services.events.domain import Event, InaugurationOutcome
from services.events.handlers import calendars, outcomes, scheduling
from services.events.handlers.unit import Planned
from services.events.ports import Agenda
from services.events.views import ProgramView, TermView
from shared.aggregate import Conflict, DomainError, NotFound
from shared.auth import Caller
from shared.contracts.events import EventScheduled
from tests.fakes.events import NOW, FakeClock, agenda

WIB = timezone(timedelta(hours=7))
SECRETARIAT = Caller(sub="sekretariat", region="33.75", roles=frozenset({"secretariat"}))


def rakor(title: str = "Rakor", *, hour: int = 9, venue: str | None = "Ruang Jetayu") -> Event:
    return Event.schedule(
        council="33.75",
        type="rakor",
        title=title,
        venue=venue,
        starts_at=datetime(2021, 10, 18, hour, tzinfo=WIB),
        ends_at=datetime(2021, 10, 18, hour + 2, tzinfo=WIB),
    )


async def schedule(uow: Agenda, *, program_id: str | None = None) -> Planned:
    fields = vars(rakor(hour=10, venue=" ruang  JETAYU "))
    keep = ("council", "type", "title", "venue", "starts_at", "ends_at")
    return await scheduling.schedule_event(
        uow,
        caller=SECRETARIAT,
        program_id=program_id,
        term_ids=[],
        **{k: fields[k] for k in keep},
    )


async def test_a_scheduled_event_is_stored_published_and_warned_of_a_venue_overlap() -> None:
    earlier = rakor("Rakor pagi")
    uow, store, _ = agenda(earlier)
    planned = await schedule(uow)
    assert [o.id for o in planned.overlaps] == [earlier.id]
    assert (await store.get(planned.event.id)) == planned.event
    [published] = store.published
    assert isinstance(published, EventScheduled) and published.event_id == planned.event.id


async def test_a_program_must_be_approved() -> None:
    uow, store, views = agenda()
    views.programs["p1"] = ProgramView(program_id="p1", council="33.75", status="completed")
    with pytest.raises(DomainError) as refused:
        await schedule(uow, program_id="p1")
    assert refused.value.field == "program_id" and store.items == {}


async def test_an_inauguration_refuses_a_term_older_than_the_inaugurated_one() -> None:
    uow, store, views = agenda()
    views.terms["old"] = TermView(term_id="old", council="33.75", period_start=date(2016, 1, 1))
    views.terms["now"] = TermView(
        term_id="now", council="33.75", status="inaugurated", period_start=date(2021, 1, 1)
    )
    with pytest.raises(Conflict) as refused:
        await scheduling.schedule_event(
            uow, caller=SECRETARIAT, program_id=None, term_ids=["old"], **_inauguration()
        )
    assert refused.value.field == "term_ids[0]" and store.items == {}


def _inauguration() -> dict[str, object]:
    return {
        "council": "33.75",
        "type": "inauguration",
        "title": "Pengukuhan",
        "starts_at": datetime(2021, 10, 26, 9, tzinfo=WIB),
        "ends_at": datetime(2021, 10, 26, 11, tzinfo=WIB),
    }


def inauguration(*term_ids: str) -> Event:
    return Event.schedule(
        council="33.75",
        type="inauguration",
        title="Pengukuhan",
        starts_at=datetime(2021, 10, 26, 9, tzinfo=WIB),
        ends_at=datetime(2021, 10, 26, 11, tzinfo=WIB),
        term_ids=list(term_ids),
    )


async def test_lists_bound_days_in_the_councils_zone_and_refuse_a_reversed_range() -> None:
    uow, _, _ = agenda(rakor("Rakor 18", hour=1), rakor("Rakor 18 siang", hour=13))
    day = date(2021, 10, 18)
    found, total = await days(uow, day, day, skip=1)
    assert total == 2 and [e.title for e in found] == ["Rakor 18 siang"]
    with pytest.raises(DomainError) as reversed_range:
        await days(uow, day + timedelta(days=1), day)
    assert reversed_range.value.field == "to"


async def days(uow: Agenda, since: date, until: date, *, skip: int = 0) -> tuple[list[Event], int]:
    return await scheduling.list_events(
        uow,
        caller=SECRETARIAT,
        council=None,
        type=None,
        since=since,
        until=until,
        skip=skip,
        limit=10,
    )


async def test_a_council_out_of_scope_lists_an_empty_page() -> None:
    uow, _, _ = agenda(rakor())
    found = await scheduling.list_events(
        uow, caller=SECRETARIAT, council="17", type=None, since=None, until=None, skip=0, limit=5
    )
    assert found == ([], 0)


async def test_the_calendar_is_stamped_by_the_unit_of_works_clock() -> None:
    uow, _, _ = agenda(rakor(), clock=FakeClock(NOW))
    ics = await calendars.council_calendar(uow, caller=SECRETARIAT, code="33.75")
    [entry] = icalendar.Calendar.from_ical(ics).events
    assert entry.decoded("DTSTAMP") == NOW.astimezone(UTC)
    with pytest.raises(NotFound):
        await calendars.council_calendar(uow, caller=SECRETARIAT, code="33.99")


async def test_an_outcome_is_kept_once_and_publishes_nothing() -> None:
    event = inauguration("t1")
    uow, store, _ = agenda(event)
    outcome = InaugurationOutcome(term_id="t1", status="inaugurated")
    await outcomes.record_inauguration_outcome(uow, event_id=event.id, outcome=outcome)
    await outcomes.record_inauguration_outcome(uow, event_id=event.id, outcome=outcome)
    await outcomes.record_inauguration_outcome(uow, event_id="elsewhere", outcome=outcome)
    stored = await store.get(event.id)
    assert stored is not None and stored.term_outcomes == [outcome] and stored.revision == 2
    assert store.published == []
