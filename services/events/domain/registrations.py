"""Registrations of one event: confirmed up to the capacity, then a waitlist in order."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from shared.aggregate import Conflict, DomainError, NotFound

RegistrationStatus = Literal["confirmed", "waitlisted"]
CLOCK_SKEW = timedelta(minutes=5)  # how far a device's clock may run ahead of the server's


@dataclass(kw_only=True)
class Registration:
    """One member's place at an event, and when they checked in (if they did)."""

    member_id: str
    status: RegistrationStatus
    registered_at: datetime
    checked_in_at: datetime | None = None
    client_id: str | None = None  # the client-made id of the check-in, if it sent one


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

    def replayed(self, *, member_id: str, client_id: str | None) -> Registration | None:
        """The check-in a client id already recorded for this member, or None (new id)."""
        known = next((e for e in self.entries if client_id and e.client_id == client_id), None)
        if known is not None and known.member_id != member_id:
            raise Conflict(
                f"{client_id} is already the check-in of member {known.member_id}",
                field="client_id",
            )
        return known

    def check_in(
        self, *, member_id: str, at: datetime, now: datetime, client_id: str | None = None
    ) -> Registration:
        """Mark a confirmed registrant present at `at`; a second check-in keeps the earlier time."""
        entry = self.find(member_id)
        if entry is None or entry.status != "confirmed":
            raise Conflict(f"member {member_id} has no confirmed registration", field="member_id")
        if at > now + CLOCK_SKEW:
            raise DomainError("the door time is in the future", field="checked_in_at")
        if at < entry.registered_at:
            registered = f"{entry.registered_at:%Y-%m-%d %H:%M} UTC"
            raise DomainError(
                f"the door time is before the member registered ({registered})",
                field="checked_in_at",
            )
        if entry.checked_in_at is None or at < entry.checked_in_at:
            entry.checked_in_at = at
            entry.client_id = client_id or entry.client_id
        return entry

    def _has_room(self) -> bool:
        return self.capacity is None or len(self.confirmed) < self.capacity

    def _promote_first(self) -> Registration | None:
        waiting = self.waitlist
        if not waiting or not self._has_room():
            return None
        waiting[0].status = "confirmed"
        return waiting[0]
