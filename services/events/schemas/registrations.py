"""Response schemas of registrations and attendees, with members' names when known."""

from collections.abc import Mapping
from datetime import datetime

from pydantic import BaseModel, Field

from ..domain.registrations import Registration, RegistrationStatus

Names = Mapping[str, str]  # members' names by id, from the member read model


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


class Attendee(BaseModel):
    """A member who attended, with the name when known."""

    member_id: str
    member_name: str | None = Field(description="As the member's topics tell it")
