"""HTTP routes of the events service: parse, call one use case, answer."""

from datetime import date
from typing import Annotated

from fastapi import Body, Depends, Query, Response, status

from shared.auth import CallerDep
from shared.contracts.events import EventType
from shared.pagination import Page, PageDep, page_of
from shared.problems import api_router, unit_of_work

from . import exports, handlers, printing
from .feedkeys.access import FeedReaderDep
from .handlers import Agenda
from .schemas import (
    CheckIn,
    EventCancel,
    EventConclude,
    EventCreate,
    EventDetail,
    EventPlanned,
    EventPublic,
    EventReschedule,
    MemberRef,
    RegistrationCancelled,
    RegistrationPublic,
)

ICS = "text/calendar; charset=utf-8"


UowDep = Annotated[Agenda, Depends(unit_of_work)]
router = api_router()
router.include_router(exports.router)
router.include_router(printing.router)


@router.post("/events", status_code=status.HTTP_201_CREATED, tags=["events"])
async def create_event(body: EventCreate, caller: CallerDep, uow: UowDep) -> EventPlanned:
    """Schedule an event; publishes `event.scheduled`. Venue overlaps come back as warnings."""
    fields = body.model_dump(exclude={"program_id", "term_ids"})
    planned = await handlers.schedule_event(
        uow, caller=caller, program_id=body.program_id, term_ids=body.term_ids, **fields
    )
    return EventPlanned.with_overlaps(planned.event, planned.overlaps, planned.names)


@router.get("/events", tags=["events"])
async def list_events(
    caller: CallerDep,
    uow: UowDep,
    page: PageDep,
    council: Annotated[str | None, Query(max_length=20, description="Council code")] = None,
    type: EventType | None = None,
    since: Annotated[
        date | None, Query(alias="from", description="First day (council's zone)")
    ] = None,
    until: Annotated[
        date | None, Query(alias="to", description="Last day (council's zone)")
    ] = None,
) -> Page[EventPublic]:
    """Events within the caller's scope, earliest first."""
    events, total = await handlers.list_events(
        uow,
        caller=caller,
        council=council,
        type=type,
        since=since,
        until=until,
        skip=page.skip,
        limit=page.size,
    )
    items = [EventPublic.of(e) for e in events]
    return page_of(page, items, total)


@router.get("/events/{event_id}", tags=["events"])
async def get_event(event_id: str, caller: CallerDep, uow: UowDep) -> EventDetail:
    """One event with its registrations and attendees, by name."""
    shown = await handlers.get_event(uow, caller=caller, event_id=event_id)
    return EventDetail.of(shown.event, shown.names)


@router.post("/events/{event_id}/reschedule", tags=["events"])
async def reschedule_event(
    event_id: str, body: EventReschedule, caller: CallerDep, uow: UowDep
) -> EventPlanned:
    """Move a scheduled event; publishes `event.rescheduled` when anything changed."""
    planned = await handlers.reschedule_event(
        uow, caller=caller, event_id=event_id, **body.model_dump()
    )
    return EventPlanned.with_overlaps(planned.event, planned.overlaps, planned.names)


@router.post("/events/{event_id}/cancel", tags=["events"])
async def cancel_event(
    event_id: str,
    caller: CallerDep,
    uow: UowDep,
    body: Annotated[EventCancel | None, Body()] = None,
) -> EventDetail:
    """Call a scheduled event off; publishes `event.cancelled`."""
    reason = body.reason if body else None
    shown = await handlers.cancel_event(uow, caller=caller, event_id=event_id, reason=reason)
    return EventDetail.of(shown.event, shown.names)


@router.post("/events/{event_id}/conclude", tags=["events"])
async def conclude_event(
    event_id: str,
    caller: CallerDep,
    uow: UowDep,
    body: Annotated[EventConclude | None, Body()] = None,
) -> EventDetail:
    """Record that an event took place; publishes `event.concluded` with its attendance."""
    attendees = body.attendee_ids if body else None
    shown = await handlers.conclude_event(
        uow, caller=caller, event_id=event_id, attendee_ids=attendees
    )
    return EventDetail.of(shown.event, shown.names)


@router.post(
    "/events/{event_id}/registrations", status_code=status.HTTP_201_CREATED, tags=["registrations"]
)
async def register(
    event_id: str, body: MemberRef, caller: CallerDep, uow: UowDep
) -> RegistrationPublic:
    """Register a member: confirmed while places remain, else waitlisted."""
    entry = await handlers.register(uow, caller=caller, event_id=event_id, member_id=body.member_id)
    return RegistrationPublic.of(entry.registration, entry.names)


@router.delete("/events/{event_id}/registrations/{member_id}", tags=["registrations"])
async def cancel_registration(
    event_id: str, member_id: str, caller: CallerDep, uow: UowDep
) -> RegistrationCancelled:
    """Drop a registration; the first on the waitlist moves up into a freed place."""
    promoted = await handlers.cancel_registration(
        uow, caller=caller, event_id=event_id, member_id=member_id
    )
    moved_up = (
        None if promoted is None else RegistrationPublic.of(promoted.registration, promoted.names)
    )
    return RegistrationCancelled(member_id=member_id, promoted=moved_up)


@router.post("/events/{event_id}/check-ins", tags=["registrations"])
async def check_in(
    event_id: str, body: CheckIn, caller: CallerDep, uow: UowDep
) -> RegistrationPublic:
    """Check a confirmed registrant in (from the event's day on, in the council's zone).

    Offline queues send `client_id` and the door time `checked_in_at`: a client id sent again
    answers the same check-in (200), so a queue sent twice records each person once.
    """
    entry = await handlers.check_in(
        uow,
        caller=caller,
        event_id=event_id,
        member_id=body.member_id,
        at=body.checked_in_at,
        client_id=body.client_id,
    )
    return RegistrationPublic.of(entry.registration, entry.names)


@router.get(
    "/councils/{code}/calendar.ics",
    tags=["calendar"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "RFC 5545 calendar"}},
)
async def council_calendar(code: str, caller: FeedReaderDep, uow: UowDep) -> Response:
    """The council's agenda as an iCalendar file (stable UIDs, SEQUENCE, the council's TZID).

    Calendar apps subscribe with `?key=` (a feed key of this council) instead of a bearer.
    """
    ics = await handlers.council_calendar(uow, caller=caller, code=code)
    headers = {"Content-Disposition": f'inline; filename="dekranasda-{code}.ics"'}
    return Response(content=ics, media_type=ICS, headers=headers)
