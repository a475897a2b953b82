"""The agenda (kegiatan): events, their lifecycle, the events they record, and venue overlaps.

Times are stored as aware UTC datetimes and shown in the council's zone. `sequence` starts at 0
and rises on every change to the calendar entry (reschedule, cancel, conclude); registrations and
check-ins change no calendar entry, so they neither raise it nor publish anything.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from services.events.domain.registrations import Registration, Roster
from services.events.domain.times import local_day, local_time, period
from shared.aggregate import Aggregate, Conflict, DomainError
from shared.clock import as_utc
from shared.contracts.events import (
    EventCancelled,
    EventConcluded,
    EventRescheduled,
    EventScheduled,
    EventType,
)
from shared.regions import is_known

EventStatus = Literal["scheduled", "concluded", "cancelled"]
OutcomeStatus = Literal["pending", "inaugurated", "refused"]


@dataclass(kw_only=True)
class InaugurationOutcome:
    """What membership answered for one term of a concluded inauguration."""

    term_id: str
    status: OutcomeStatus
    reason: str | None = None


def _check_terms_shape(type: EventType, term_ids: list[str]) -> None:
    if type != "inauguration" and term_ids:
        raise DomainError("only an inauguration covers terms", field="term_ids")
    if type == "inauguration" and not term_ids:
        raise DomainError("an inauguration needs at least one term", field="term_ids")
    for index, term_id in enumerate(term_ids):
        if term_ids.index(term_id) != index:
            raise DomainError(f"term {term_id} is listed twice", field=f"term_ids[{index}]")


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

    def __post_init__(self) -> None:
        self.term_outcomes = [
            o if isinstance(o, InaugurationOutcome) else InaugurationOutcome(**o)
            for o in self.term_outcomes
        ]

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
        if not is_known(council):
            raise DomainError(f"unknown council {council}", field="council")
        if not title.strip():
            raise DomainError("title must not be empty", field="title")
        if capacity is not None and capacity < 1:
            raise DomainError("capacity must be at least 1", field="capacity")
        terms = list(term_ids or [])
        _check_terms_shape(type, terms)
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
        event.record(event._scheduled())
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
        self.record(
            EventRescheduled(
                council=self.council,
                event_id=self.id,
                venue=self.venue,
                starts_at=self.starts_at,
                ends_at=self.ends_at,
                sequence=self.sequence,
            )
        )

    def cancel(self, *, reason: str | None = None) -> None:
        """Call the event off; records `event.cancelled`."""
        self._require_scheduled("cancel")
        self.status, self.cancel_reason = "cancelled", reason
        self.sequence += 1
        self.record(EventCancelled(council=self.council, event_id=self.id, reason=reason))

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
        self.record(self._concluded())

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
        if outcome.term_id not in self.term_ids:
            return False
        known = {o.term_id: o for o in self.term_outcomes}
        before = known.get(outcome.term_id)
        if before == outcome or (before is not None and before.status == "inaugurated"):
            return False
        known[outcome.term_id] = outcome
        self.term_outcomes = [known[t] for t in self.term_ids if t in known]
        return True

    @property
    def inauguration_outcomes(self) -> list[InaugurationOutcome]:
        """Per listed term of a concluded inauguration: pending until membership answers."""
        if self.type != "inauguration" or self.status != "concluded":
            return []
        known = {o.term_id: o for o in self.term_outcomes}
        pending = [InaugurationOutcome(term_id=t, status="pending") for t in self.term_ids]
        return [known.get(p.term_id, p) for p in pending]

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

    def _scheduled(self) -> EventScheduled:
        return EventScheduled(
            council=self.council,
            event_id=self.id,
            type=self.type,
            title=self.title,
            venue=self.venue,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            capacity=self.capacity,
            program_id=self.program_id,
            term_ids=list(self.term_ids),
        )

    def _concluded(self) -> EventConcluded:
        return EventConcluded(
            council=self.council,
            event_id=self.id,
            type=self.type,
            program_id=self.program_id,
            term_ids=list(self.term_ids),
            held_at=self.starts_at,
            ended_at=self.ends_at,
            attendance=len(self.attendee_ids),
            attendee_member_ids=list(self.attendee_ids),
        )


def same_venue(a: str | None, b: str | None) -> bool:
    """Whether two venue names mean the same place, ignoring case and spacing."""
    if not a or not b:
        return False
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def overlapping(event: Event, others: list[Event]) -> list[Event]:
    """The other live events of the council at the same venue whose times intersect."""
    return [
        other
        for other in others
        if other.id != event.id
        and other.status != "cancelled"
        and other.council == event.council
        and same_venue(other.venue, event.venue)
        and other.starts_at < event.ends_at
        and event.starts_at < other.ends_at
    ]
