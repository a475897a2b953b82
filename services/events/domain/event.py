"""The agenda (kegiatan): an event, its lifecycle, its registrations and membership's answers.

Times are stored as aware UTC datetimes and shown in the council's zone. `sequence` starts at 0
and rises on every change to the calendar entry (reschedule, cancel, conclude); registrations and
check-ins change no calendar entry, so they neither raise it nor publish anything.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from shared.aggregate import Aggregate, Conflict, DomainError
from shared.clock import as_utc
from shared.contracts.events import EventType

from .outcomes import InaugurationOutcome, kept, per_term
from .plans import check_plan, check_term_list
from .published import cancelled, concluded, rescheduled, scheduled
from .registrations import Registration, Roster
from .times import local_day, local_time, period

EventStatus = Literal["scheduled", "concluded", "cancelled"]


@dataclass(kw_only=True)
class Event(Aggregate):
    """One agenda item of a council: a meeting, inauguration, training, exhibition or visit."""

    council: str
    type: EventType
    title: str
    venue: str | None
    starts_at: datetime
    ends_at: datetime
    capacity: int | None = None
    program_id: str | None = None
    term_ids: list[str] = field(default_factory=list)
    status: EventStatus = "scheduled"
    sequence: int = 0
    cancel_reason: str | None = None
    attendee_ids: list[str] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    term_outcomes: list[InaugurationOutcome] = field(default_factory=list)  # as answered

    @classmethod
    def schedule(
        cls,
        *,
        council: str,
        type: EventType,
        title: str,
        starts_at: datetime,
        ends_at: datetime,
        venue: str | None = None,
        capacity: int | None = None,
        program_id: str | None = None,
        term_ids: list[str] | None = None,
        id: str | None = None,
    ) -> "Event":
        """A new scheduled event; records `event.scheduled`."""
        check_plan(council=council, title=title, capacity=capacity)
        terms = list(term_ids or [])
        check_term_list(type, terms)
        start, end = period(starts_at, ends_at)
        event = cls(
            id=id or uuid.uuid4().hex,
            council=council,
            type=type,
            title=title.strip(),
            venue=(venue or "").strip() or None,
            starts_at=start,
            ends_at=end,
            capacity=capacity,
            program_id=program_id,
            term_ids=terms,
        )
        event.record(scheduled(event))
        return event

    def reschedule(
        self, *, starts_at: datetime, ends_at: datetime, venue: str | None = None
    ) -> None:
        """Move the event in time (and place; None keeps the venue); records `event.rescheduled`.

        A reschedule that changes nothing is a no-op: no new sequence, nothing published.
        """
        self._require_scheduled("reschedule")
        start, end = period(starts_at, ends_at)
        place = (venue or "").strip() or self.venue
        if (start, end, place) == (self.starts_at, self.ends_at, self.venue):
            return
        self.starts_at, self.ends_at, self.venue = start, end, place
        self.sequence += 1
        self.record(rescheduled(self))

    def cancel(self, *, reason: str | None = None) -> None:
        """Call the event off; records `event.cancelled`."""
        self._require_scheduled("cancel")
        self.status, self.cancel_reason = "cancelled", reason
        self.sequence += 1
        self.record(cancelled(self))

    def conclude(self, *, attendee_ids: list[str] | None = None) -> None:
        """Record that the event took place, with the checked-in (or given) attendees.

        Concluding twice is a 409, not a silent no-op: a second call with another attendee
        list would otherwise be lost without a word.
        """
        self._require_scheduled("conclude")
        given = self.roster.checked_in_ids if attendee_ids is None else attendee_ids
        self.attendee_ids = list(dict.fromkeys(given))
        self.status = "concluded"
        self.sequence += 1
        self.record(concluded(self))

    def register(self, *, member_id: str, now: datetime) -> Registration:
        """Register a checked member: confirmed while places remain, else waitlisted."""
        self._require_scheduled("register for")
        return self.roster.add(member_id=member_id, at=as_utc(now, field="registered_at"))

    def cancel_registration(self, *, member_id: str) -> Registration | None:
        """Drop a member's registration; return the waitlisted registration promoted, if any."""
        self._require_scheduled("cancel a registration of")
        return self.roster.remove(member_id=member_id)

    def check_in(
        self,
        *,
        member_id: str,
        now: datetime,
        at: datetime | None = None,
        client_id: str | None = None,
    ) -> Registration:
        """Check a confirmed registrant in at the door time `at` (default now), from the day on.

        A client id seen before answers the check-in it recorded, even once the event is over.
        """
        replayed = self.roster.replayed(member_id=member_id, client_id=client_id)
        if replayed is not None:
            return replayed
        self._require_scheduled("check in to")
        moment = as_utc(at or now, field="checked_in_at")
        if local_day(moment, council=self.council) < self.local_starts_at.date():
            raise DomainError("check-in opens on the event's day", field="checked_in_at")
        return self.roster.check_in(member_id=member_id, at=moment, now=now, client_id=client_id)

    def record_outcome(self, outcome: InaugurationOutcome) -> bool:
        """Keep membership's answer for a listed term ("inaugurated" is final); True if changed."""
        outcomes = kept(self.term_ids, self.term_outcomes, outcome)
        if outcomes is not None:
            self.term_outcomes = outcomes
        return outcomes is not None

    @property
    def inauguration_outcomes(self) -> list[InaugurationOutcome]:
        """Per listed term of a concluded inauguration: pending until membership answers."""
        if self.type != "inauguration" or self.status != "concluded":
            return []
        return per_term(self.term_ids, self.term_outcomes)

    @property
    def roster(self) -> Roster:
        """The registrations with the capacity that governs them."""
        return Roster(capacity=self.capacity, entries=self.registrations)

    @property
    def local_starts_at(self) -> datetime:
        """The start on the council's wall clock."""
        return local_time(self.starts_at, council=self.council)

    @property
    def local_ends_at(self) -> datetime:
        """The end on the council's wall clock."""
        return local_time(self.ends_at, council=self.council)

    def _require_scheduled(self, action: str) -> None:
        if self.status != "scheduled":
            raise Conflict(f"cannot {action} an event that is {self.status}", field="status")
