"""Use cases of the agenda's lifecycle: schedule, show, list, reschedule, cancel, conclude."""

from datetime import date, timedelta
from typing import Any

from shared.aggregate import DomainError
from shared.auth import Caller
from shared.contracts.events import EventType

from ..domain import Event
from ..domain.times import day_start
from ..ports import Agenda, EventQuery
from ..views import check_program
from .checks import check_listed_terms, known_member
from .unit import Planned, Shown, change, shown, visible, with_overlaps


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
    await check_listed_terms(uow, term_ids=term_ids, scope=council)
    await uow.events.add(event)
    return await with_overlaps(uow, event)


async def get_event(uow: Agenda, *, caller: Caller, event_id: str) -> Shown:
    """One event with its members' names, if within the caller's scope (404 otherwise)."""
    return await shown(uow, await visible(uow, caller, event_id))


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
    event, _ = await change(uow, caller, event_id, lambda e: e.reschedule(**when))
    return await with_overlaps(uow, event)


async def cancel_event(uow: Agenda, *, caller: Caller, event_id: str, reason: str | None) -> Shown:
    """Call an event off."""
    event, _ = await change(uow, caller, event_id, lambda e: e.cancel(reason=reason))
    return await shown(uow, event)


async def conclude_event(
    uow: Agenda, *, caller: Caller, event_id: str, attendee_ids: list[str] | None
) -> Shown:
    """Record that an event took place, with the checked-in attendees or the given ones.

    An inauguration's terms are checked again (still drafts, none older than its council's
    inaugurated term), as far as the read model knows; membership answers the rest."""
    for index, member_id in enumerate(attendee_ids or []):
        await known_member(uow, caller, member_id, field=f"attendee_ids[{index}]")
    before = await visible(uow, caller, event_id)
    if before.type == "inauguration" and before.status == "scheduled":
        await check_listed_terms(uow, term_ids=before.term_ids, scope=before.council)
    event, _ = await change(uow, caller, event_id, lambda e: e.conclude(attendee_ids=attendee_ids))
    return await shown(uow, event)
