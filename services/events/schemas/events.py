"""Response schemas of events: `EventPublic`, with registrations, with overlap warnings."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from shared.contracts.events import EventType
from shared.regions import region_name, time_zone_of

from ..domain import Event, EventStatus, OutcomeStatus
from .registrations import Attendee, Names, RegistrationPublic


class InaugurationOutcomePublic(BaseModel):
    """Membership's answer for one term of a concluded inauguration."""

    term_id: str
    status: OutcomeStatus = Field(description="pending until membership answers")
    reason: str | None = Field(description="Why the term was not inaugurated (refused)")


class EventPublic(BaseModel):
    """An event: times in UTC and on the council's wall clock (`local_*`, with offset)."""

    id: str
    council: str
    council_name: str | None
    time_zone: str
    type: EventType
    title: str
    venue: str | None
    starts_at: datetime
    ends_at: datetime
    local_starts_at: datetime
    local_ends_at: datetime
    capacity: int | None
    program_id: str | None
    term_ids: list[str]
    status: EventStatus
    sequence: int = Field(description="Raised on every change of the calendar entry")
    cancel_reason: str | None
    confirmed: int
    waitlisted: int
    attendance: int
    attendee_ids: list[str]
    inauguration_outcomes: list[InaugurationOutcomePublic] = Field(
        description="Per term of a concluded inauguration: inaugurated, refused or pending"
    )

    @classmethod
    def of(cls, event: Event) -> "EventPublic":
        """The API view of an event."""
        roster = event.roster
        return cls(
            id=event.id,
            council=event.council,
            council_name=region_name(event.council),
            time_zone=time_zone_of(event.council),
            type=event.type,
            title=event.title,
            venue=event.venue,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            local_starts_at=event.local_starts_at,
            local_ends_at=event.local_ends_at,
            capacity=event.capacity,
            program_id=event.program_id,
            term_ids=event.term_ids,
            status=event.status,
            sequence=event.sequence,
            cancel_reason=event.cancel_reason,
            confirmed=len(roster.confirmed),
            waitlisted=len(roster.waitlist),
            attendance=len(event.attendee_ids),
            attendee_ids=event.attendee_ids,
            inauguration_outcomes=[
                InaugurationOutcomePublic(**vars(o)) for o in event.inauguration_outcomes
            ],
        )


class EventDetail(EventPublic):
    """An event with its registrations, in the order they came in, and its attendees by name."""

    registrations: list[RegistrationPublic]
    attendees: list[Attendee] = Field(description="`attendee_ids` with the members' names")

    @classmethod
    def of(cls, event: Event, names: Names | None = None) -> "EventDetail":
        """The API view of an event and its registrations; `names` of members by id."""
        names = names or {}
        base = EventPublic.of(event).model_dump()
        return cls(
            **base,
            registrations=[RegistrationPublic.of(r, names) for r in event.registrations],
            attendees=[Attendee(member_id=m, member_name=names.get(m)) for m in event.attendee_ids],
        )


class VenueOverlap(BaseModel):
    """A warning: another live event of the council uses the same venue at the same time."""

    code: Literal["venue_overlap"] = "venue_overlap"
    message: str
    event_id: str
    title: str
    venue: str | None
    starts_at: datetime
    ends_at: datetime
    local_starts_at: datetime
    local_ends_at: datetime

    @classmethod
    def of(cls, other: Event) -> "VenueOverlap":
        """The warning about one overlapping event."""
        return cls(
            message=f"overlaps '{other.title}' at {other.venue}",
            event_id=other.id,
            title=other.title,
            venue=other.venue,
            starts_at=other.starts_at,
            ends_at=other.ends_at,
            local_starts_at=other.local_starts_at,
            local_ends_at=other.local_ends_at,
        )


class EventPlanned(EventDetail):
    """A scheduled or rescheduled event, with the venue overlaps it has (not refused)."""

    warnings: list[VenueOverlap]

    @classmethod
    def with_overlaps(
        cls, event: Event, overlaps: list[Event], names: Names | None = None
    ) -> "EventPlanned":
        """The event and one warning per overlapping event."""
        base = EventDetail.of(event, names).model_dump()
        return cls(**base, warnings=[VenueOverlap.of(o) for o in overlaps])
