"""Use cases of the events service: load, call the domain, save (events ride along)."""

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from shared.aggregate import DomainError, NotFound, StaleRevision
from shared.auth import Caller
from shared.contracts.events import EventType
from shared.regions import is_known, region_name, time_zone_of

from .calendar import build_calendar
from .domain import Event, InaugurationOutcome, overlapping
from .domain.registrations import Registration
from .domain.times import day_start
from .ports import EventQuery, EventStore, FeedKeyStore, ReadModelViews
from .views import check_member, check_program, check_succession, check_terms

T = TypeVar("T")
SAVE_ATTEMPTS = 8  # a save that lost to another process is retried afresh, after a pause
BACKOFF_S = 0.02  # the first pause; it doubles per attempt, jittered


@dataclass
class Agenda:
    """The repositories, read models and clock the use cases work on."""

    events: EventStore
    views: ReadModelViews
    feed_keys: FeedKeyStore
    clock: Callable[[], datetime]  # the composition root's: `shared.clock.utc_now`


@dataclass(frozen=True)
class Shown:
    """An event with the names of the members it lists (registered or attending)."""

    event: Event
    names: dict[str, str]


@dataclass(frozen=True)
class Planned(Shown):
    """An event as stored, with the live events it overlaps at the same venue (warnings)."""

    overlaps: list[Event]


@dataclass(frozen=True)
class Entry:
    """A registration with its member's name, when the member read model knows it."""

    registration: Registration
    names: dict[str, str]


async def schedule_event(
    uow: Agenda, *, caller: Caller, program_id: str | None, term_ids: list[str], **fields: Any
) -> Planned:
    """Schedule an event of a council in scope; program and terms must be known to this service."""
    council: str = fields["council"]
    caller.require_write(council)
    event = Event.schedule(program_id=program_id, term_ids=term_ids, **fields)
    if program_id is not None:
        program = await uow.views.program(program_id)
        check_program(program_id=program_id, program=program, council=council)
    # the organiser's scope: the council's own board and the boards below it
    await _check_listed_terms(uow, term_ids=term_ids, scope=council)
    await uow.events.add(event)
    if not event.venue:  # no venue, no overlap to warn of (and no query: it scans on FerretDB)
        return Planned(event, await _names_in(uow, event), [])
    return await _planned(uow, event)


async def get_event(uow: Agenda, *, caller: Caller, event_id: str) -> Shown:
    """One event with its members' names, if within the caller's scope (404 otherwise)."""
    event = await _visible(uow, caller, event_id)
    return Shown(event, await _names_in(uow, event))


async def list_events(
    uow: Agenda,
    *,
    caller: Caller,
    council: str | None,
    type: EventType | None,
    since: date | None,
    until: date | None,
    skip: int,
    limit: int,
) -> tuple[list[Event], int]:
    """Events in scope taking place (at least partly) between two days of the council's zone."""
    if since and until and until < since:
        raise DomainError("to lies before from", field="to")
    if caller.cannot_list(council):
        return [], 0
    zone_of = council or caller.region
    query = EventQuery(
        scope=caller.region,
        council=council,
        type=type,
        ending_after=day_start(since, council=zone_of) if since else None,
        starting_before=day_start(until + timedelta(days=1), council=zone_of) if until else None,
    )
    return await uow.events.search(query, skip=skip, limit=limit)


async def reschedule_event(uow: Agenda, *, caller: Caller, event_id: str, **when: Any) -> Planned:
    """Move an event in time or place; the overlaps it now has come back as warnings."""
    event, _ = await _change(uow, caller, event_id, lambda e: e.reschedule(**when))
    return await _planned(uow, event)


async def cancel_event(uow: Agenda, *, caller: Caller, event_id: str, reason: str | None) -> Shown:
    """Call an event off."""
    event, _ = await _change(uow, caller, event_id, lambda e: e.cancel(reason=reason))
    return Shown(event, await _names_in(uow, event))


async def conclude_event(
    uow: Agenda, *, caller: Caller, event_id: str, attendee_ids: list[str] | None
) -> Shown:
    """Record that an event took place, with the checked-in attendees or the given ones.

    An inauguration's terms are checked again (still drafts, none older than its council's
    inaugurated term), as far as the read model knows; membership answers the rest."""
    for index, member_id in enumerate(attendee_ids or []):
        await _known_member(uow, caller, member_id, field=f"attendee_ids[{index}]")
    planned = await _visible(uow, caller, event_id)
    if planned.type == "inauguration" and planned.status == "scheduled":
        await _check_listed_terms(uow, term_ids=planned.term_ids, scope=planned.council)
    event, _ = await _change(uow, caller, event_id, lambda e: e.conclude(attendee_ids=attendee_ids))
    return Shown(event, await _names_in(uow, event))


async def register(uow: Agenda, *, caller: Caller, event_id: str, member_id: str) -> Entry:
    """Register a known member in scope: confirmed while places remain, else waitlisted."""
    await _known_member(uow, caller, member_id, field="member_id")
    now = uow.clock()
    _, entry = await _change(
        uow, caller, event_id, lambda e: e.register(member_id=member_id, now=now)
    )
    return await _entry(uow, entry)


async def cancel_registration(
    uow: Agenda, *, caller: Caller, event_id: str, member_id: str
) -> Entry | None:
    """Drop a registration; returns the waitlisted registration promoted, if any."""
    _, promoted = await _change(
        uow, caller, event_id, lambda e: e.cancel_registration(member_id=member_id)
    )
    return None if promoted is None else await _entry(uow, promoted)


async def check_in(
    uow: Agenda,
    *,
    caller: Caller,
    event_id: str,
    member_id: str,
    at: datetime | None = None,
    client_id: str | None = None,
) -> Entry:
    """Check a confirmed registrant in at the door time; a repeated client id is the same one."""
    now = uow.clock()
    _, entry = await _change(
        uow,
        caller,
        event_id,
        lambda e: e.check_in(member_id=member_id, now=now, at=at, client_id=client_id),
    )
    return await _entry(uow, entry)


async def council_calendar(uow: Agenda, *, caller: Caller, code: str) -> bytes:
    """The council's agenda as an iCalendar file in the council's time zone."""
    caller.visible(code, "council")
    name = region_name(code) if is_known(code) else None
    if name is None:
        raise NotFound(f"council {code} not found")
    events = await uow.events.of_council(code)
    return build_calendar(
        council=code, name=name, time_zone=time_zone_of(code), events=events, now=uow.clock()
    )


async def record_inauguration_outcome(
    uow: Agenda, *, event_id: str, outcome: InaugurationOutcome
) -> None:
    """Keep membership's answer for a term on the inauguration event, if this agenda has it."""
    event = await uow.events.get(event_id)
    if event is not None and event.record_outcome(outcome):
        await uow.events.save(event)  # publishes nothing: the calendar entry is unchanged


async def _visible(uow: Agenda, caller: Caller, event_id: str) -> Event:
    """One event, if within the caller's scope (404 otherwise)."""
    return caller.scoped(await uow.events.get(event_id), f"event {event_id}")


async def _names_in(uow: Agenda, event: Event) -> dict[str, str]:
    """The names of the members registered for or attending an event."""
    ids = [r.member_id for r in event.registrations] + list(event.attendee_ids)
    return await uow.views.names(ids)


async def _planned(uow: Agenda, event: Event) -> Planned:
    overlaps = overlapping(event, await uow.events.around(event))
    return Planned(event, await _names_in(uow, event), overlaps)


async def _entry(uow: Agenda, registration: Registration) -> Entry:
    return Entry(registration, await uow.views.names([registration.member_id]))


async def _check_listed_terms(uow: Agenda, *, term_ids: list[str], scope: str) -> None:
    terms = await uow.views.terms_by_id(term_ids)
    listed = check_terms(term_ids=term_ids, terms=terms, scope=scope)
    if listed:
        inaugurated = await uow.views.inaugurated_terms([t.council for t in listed])
        check_succession(term_ids=term_ids, terms=terms, inaugurated=inaugurated)


async def _known_member(uow: Agenda, caller: Caller, member_id: str, *, field: str) -> None:
    try:
        check_member(
            member_id=member_id, member=await uow.views.member(member_id), scope=caller.region
        )
    except DomainError as exc:
        raise DomainError(exc.message, field=field) from None


async def _change(
    uow: Agenda, caller: Caller, event_id: str, change: Callable[[Event], T]
) -> tuple[Event, T]:
    """Load, check write access, change, save; a save that lost a race is retried afresh.

    Writers of one event take turns within this process (registrations and check-ins at the
    door come in bursts), so only another process can make a save stale: retry with backoff.
    """
    async with uow.events.changing(event_id):
        for attempt in range(SAVE_ATTEMPTS):
            event = await _visible(uow, caller, event_id)
            caller.require_write(event.council)
            result = change(event)
            try:
                await uow.events.save(event)
            except StaleRevision:
                if attempt + 1 == SAVE_ATTEMPTS:
                    raise
                await asyncio.sleep(BACKOFF_S * 2**attempt * random.uniform(0.5, 1.5))
                continue
            return event, result
    raise AssertionError("unreachable")
