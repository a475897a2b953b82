"""HTTP schemas of the events API: `XCreate`, `XPublic` and the bodies of the actions."""

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.events import EventType
from shared.fields import CLIENT_ID, REGION, Identifier, Name, line
from shared.regions import region_name, time_zone_of

from .domain import Event, EventStatus, OutcomeStatus
from .domain.registrations import Registration, RegistrationStatus

Names = Mapping[str, str]  # members' names by id, from the member read model

Reason = Annotated[str, line(500, min_length=0)]
CAPACITY_MAX = 1_000_000


class EventCreate(BaseModel):
    """A new agenda item; times need an offset (any zone), past dates are allowed."""

    model_config = ConfigDict(extra="forbid")

    council: str = Field(pattern=REGION, examples=["17"])
    type: EventType
    title: Name
    venue: Annotated[str, line(200, min_length=0)] | None = None
    starts_at: AwareDatetime = Field(examples=["2021-03-23T09:00:00+07:00"])
    ends_at: AwareDatetime
    capacity: int | None = Field(default=None, ge=1, le=CAPACITY_MAX)
    program_id: Identifier | None = Field(
        default=None, description="An approved program of the council"
    )
    term_ids: list[Identifier] = Field(
        default_factory=list, max_length=100, description="Draft terms an inauguration covers"
    )


class EventReschedule(BaseModel):
    """A new time (and optionally a new venue) for a scheduled event."""

    model_config = ConfigDict(extra="forbid")

    starts_at: AwareDatetime
    ends_at: AwareDatetime
    venue: Annotated[str, line(200, min_length=0)] | None = Field(
        default=None, description="None keeps the venue"
    )


class EventCancel(BaseModel):
    """Why an event is called off."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason | None = None


class EventConclude(BaseModel):
    """The attendees; when left out, those who checked in."""

    model_config = ConfigDict(extra="forbid")

    attendee_ids: list[Identifier] | None = Field(default=None, max_length=5000)


class MemberRef(BaseModel):
    """The member a registration or check-in is for."""

    model_config = ConfigDict(extra="forbid")

    member_id: Identifier


class CheckIn(MemberRef):
    """A check-in at the door, perhaps made offline and sent later (perhaps more than once)."""

    client_id: Annotated[str, Field(pattern=CLIENT_ID)] | None = Field(
        default=None,
        description="Made by the client (e.g. a UUID); sent again, it answers the same check-in",
        examples=["0b6f3c1e-6a4e-4d43-9d8e-2f1c3b7a9e10"],
    )
    checked_in_at: AwareDatetime | None = Field(
        default=None,
        description="The time at the door (not in the future, not before the registration); "
        "default now",
    )


class RegistrationPublic(BaseModel):
    """One member's place at an event."""

    member_id: str
    member_name: str | None = Field(default=None, description="As the member's topics tell it")
    status: RegistrationStatus
    registered_at: datetime
    checked_in_at: datetime | None
    client_id: str | None = Field(default=None, description="The check-in's client-made id")

    @classmethod
    def of(cls, entry: Registration, names: Names | None = None) -> "RegistrationPublic":
        """The API view of a registration, with the member's name when known."""
        return cls(
            member_id=entry.member_id,
            member_name=(names or {}).get(entry.member_id),
            status=entry.status,
            registered_at=entry.registered_at,
            checked_in_at=entry.checked_in_at,
            client_id=entry.client_id,
        )


class RegistrationCancelled(BaseModel):
    """A registration was dropped; the first on the waitlist may have moved up."""

    member_id: str
    promoted: RegistrationPublic | None


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


class Attendee(BaseModel):
    """A member who attended, with the name when known."""

    member_id: str
    member_name: str | None = Field(description="As the member's topics tell it")


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
