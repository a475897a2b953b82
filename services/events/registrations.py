"""Registrations of one event: confirmed up to the capacity, then a waitlist in order."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from shared.aggregate import Conflict, NotFound

RegistrationStatus = Literal["confirmed", "waitlisted"]


@dataclass(kw_only=True)
class Registration:
    """One member's place at an event, and when they checked in (if they did)."""

    member_id: str
    status: RegistrationStatus
    registered_at: datetime
    checked_in_at: datetime | None = None


@dataclass(kw_only=True)
class Roster:
    """The registrations of one event, in the order they came in."""

    capacity: int | None = None
    entries: list[Registration] = field(default_factory=list)

    @property
    def confirmed(self) -> list[Registration]:
        """The confirmed registrations, first come first."""
        return [entry for entry in self.entries if entry.status == "confirmed"]

    @property
    def waitlist(self) -> list[Registration]:
        """The waitlisted registrations, in the order they will be promoted."""
        return [entry for entry in self.entries if entry.status == "waitlisted"]

    @property
    def checked_in_ids(self) -> list[str]:
        """The members who checked in, in registration order."""
        return [entry.member_id for entry in self.entries if entry.checked_in_at is not None]

    def find(self, member_id: str) -> Registration | None:
        """The member's registration, or None."""
        return next((entry for entry in self.entries if entry.member_id == member_id), None)

    def add(self, *, member_id: str, at: datetime) -> Registration:
        """Register a member: confirmed while places remain, else waitlisted."""
        if self.find(member_id) is not None:
            raise Conflict(f"member {member_id} is already registered", field="member_id")
        status: RegistrationStatus = "confirmed" if self._has_room() else "waitlisted"
        entry = Registration(member_id=member_id, status=status, registered_at=at)
        self.entries.append(entry)
        return entry

    def remove(self, *, member_id: str) -> Registration | None:
        """Drop a member's registration; return the waitlisted one promoted in their place."""
        entry = self.find(member_id)
        if entry is None:
            raise NotFound(f"member {member_id} is not registered", field="member_id")
        self.entries.remove(entry)
        return self._promote_first() if entry.status == "confirmed" else None

    def check_in(self, *, member_id: str, at: datetime) -> Registration:
        """Mark a confirmed registrant present; a second check-in keeps the first time."""
        entry = self.find(member_id)
        if entry is None or entry.status != "confirmed":
            raise Conflict(f"member {member_id} has no confirmed registration", field="member_id")
        if entry.checked_in_at is None:
            entry.checked_in_at = at
        return entry

    def _has_room(self) -> bool:
        return self.capacity is None or len(self.confirmed) < self.capacity

    def _promote_first(self) -> Registration | None:
        waiting = self.waitlist
        if not waiting or not self._has_room():
            return None
        waiting[0].status = "confirmed"
        return waiting[0]
