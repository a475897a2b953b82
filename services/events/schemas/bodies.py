"""Request bodies of the events API: `EventCreate` and the bodies of the actions."""

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.events import EventType
from shared.fields import CLIENT_ID, REGION, Identifier, Name, line

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
