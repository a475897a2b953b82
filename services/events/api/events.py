"""HTTP routes of the agenda's events: schedule, list, show, reschedule, cancel, conclude."""

from datetime import date
from typing import Annotated

from fastapi import Body, Query, status

from shared.auth import CallerDep
from shared.contracts.events import EventType
from shared.pagination import Page, PageDep, page_of
from shared.problems import api_router

from ..deps import UowDep
from ..handlers import scheduling
from ..schemas import (
    EventCancel,
    EventConclude,
    EventCreate,
    EventDetail,
    EventPlanned,
    EventPublic,
    EventReschedule,
)

router = api_router()


@router.post("/events", status_code=status.HTTP_201_CREATED, tags=["events"])
async def create_event(body: EventCreate, caller: CallerDep, uow: UowDep) -> EventPlanned:
    """Schedule an event; publishes `event.scheduled`. Venue overlaps come back as warnings."""
    fields = body.model_dump(exclude={"program_id", "term_ids"})
    planned = await scheduling.schedule_event(
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
    events, total = await scheduling.list_events(
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
    shown = await scheduling.get_event(uow, caller=caller, event_id=event_id)
    return EventDetail.of(shown.event, shown.names)


@router.post("/events/{event_id}/reschedule", tags=["events"])
async def reschedule_event(
    event_id: str, body: EventReschedule, caller: CallerDep, uow: UowDep
) -> EventPlanned:
    """Move a scheduled event; publishes `event.rescheduled` when anything changed."""
    planned = await scheduling.reschedule_event(
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
    shown = await scheduling.cancel_event(uow, caller=caller, event_id=event_id, reason=reason)
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
    shown = await scheduling.conclude_event(
        uow, caller=caller, event_id=event_id, attendee_ids=attendees
    )
    return EventDetail.of(shown.event, shown.names)
