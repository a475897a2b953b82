"""The contract events an agenda event records: scheduled, rescheduled, cancelled, concluded."""

from typing import TYPE_CHECKING

from shared.contracts.events import (
    EventCancelled,
    EventConcluded,
    EventRescheduled,
    EventScheduled,
)

if TYPE_CHECKING:
    from .event import Event


def scheduled(event: "Event") -> EventScheduled:
    """`event.scheduled`: the whole plan."""
    return EventScheduled(
        council=event.council,
        event_id=event.id,
        type=event.type,
        title=event.title,
        venue=event.venue,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=event.capacity,
        program_id=event.program_id,
        term_ids=list(event.term_ids),
    )


def rescheduled(event: "Event") -> EventRescheduled:
    """`event.rescheduled`: the new time and place, with the calendar entry's sequence."""
    return EventRescheduled(
        council=event.council,
        event_id=event.id,
        venue=event.venue,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        sequence=event.sequence,
    )


def cancelled(event: "Event") -> EventCancelled:
    """`event.cancelled`, with the reason given."""
    return EventCancelled(council=event.council, event_id=event.id, reason=event.cancel_reason)


def concluded(event: "Event") -> EventConcluded:
    """`event.concluded`: when it was held, and who attended."""
    return EventConcluded(
        council=event.council,
        event_id=event.id,
        type=event.type,
        program_id=event.program_id,
        term_ids=list(event.term_ids),
        held_at=event.starts_at,
        ended_at=event.ends_at,
        attendance=len(event.attendee_ids),
        attendee_member_ids=list(event.attendee_ids),
    )
