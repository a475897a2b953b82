"""Board terms (kepengurusan): period, decree, board, and draft -> inaugurated -> ended."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from uuid import uuid4

from shared.aggregate import Aggregate, Conflict
from shared.clock import as_utc

from . import term_events as events
from . import values
from .boards import BoardPosition, seat_board
from .members import Member
from .periods import check_period

TermStatus = Literal["draft", "inaugurated", "ended"]


@dataclass(kw_only=True)
class Term(Aggregate):
    """A council's board for a period; the period is half-open: [period_start, period_end)."""

    council: str
    period_start: date
    period_end: date
    decree_number: str | None = None  # nomor SK
    status: TermStatus = "draft"
    positions: list[BoardPosition] = field(default_factory=list)
    created_at: datetime
    inaugurated_at: datetime | None = None
    inauguration_event_id: str | None = None
    previous_term_id: str | None = None
    ended_at: datetime | None = None
    successor_term_id: str | None = None
    refused_event_ids: list[str] = field(default_factory=list)  # inaugurations answered "no"

    @classmethod
    def draft(
        cls,
        *,
        council: str,
        period_start: date,
        period_end: date,
        now: datetime,
        decree_number: str | None = None,
        term_id: str | None = None,
    ) -> "Term":
        """A new draft term; records TermCreated."""
        check_period(period_start, period_end)
        term = cls(
            id=term_id or uuid4().hex,
            council=values.known_council(council),
            period_start=period_start,
            period_end=period_end,
            decree_number=values.optional_text(decree_number, field="decree_number"),
            created_at=as_utc(now, field="now"),
        )
        term.record(events.created(term))
        return term

    @property
    def effective_end(self) -> date:
        """The day the term stops counting: its period end, or earlier if it ended early."""
        if self.ended_at is not None and self.ended_at.date() < self.period_end:
            return max(self.ended_at.date(), self.period_start)
        return self.period_end

    def overlaps(self, other: "Term") -> bool:
        """Whether the two terms are of one council and their periods share a day."""
        return (
            self.council == other.council
            and self.period_start < other.effective_end
            and other.period_start < self.effective_end
        )

    def replace_positions(
        self,
        positions: Sequence[BoardPosition],
        members_by_id: Mapping[str, Member],
        *,
        bidang: Sequence[str] | None = None,
    ) -> bool:
        """Replace the whole board (draft or inaugurated term); returns whether it changed."""
        if self.status == "ended":
            raise Conflict("the board of an ended term is history", field="positions")
        board = seat_board(positions, members_by_id, council=self.council, bidang=bidang)
        if board == self.positions:
            return False
        self.positions = board
        return True

    def inaugurate(
        self,
        *,
        at: datetime,
        event_id: str | None = None,
        previous: "Term | None" = None,
        bidang: Sequence[str] | None = None,
    ) -> bool:
        """Inaugurate (pengukuhan) a draft, ending `previous`; records TermInaugurated once.

        `bidang` is the council's list, told to programs on the event.
        """
        if self.status == "inaugurated":
            return False
        if self.status == "ended":
            raise Conflict("an ended term cannot be inaugurated", field="status")
        moment = as_utc(at, field="at")
        if previous is not None and previous.id != self.id:
            self._succeed(previous, at=moment)
        self.status = "inaugurated"
        self.inaugurated_at = moment
        self.inauguration_event_id = event_id
        self.record(events.inaugurated(self, at=moment, bidang=bidang))
        return True

    def refuse_inauguration(self, *, event_id: str, reason: str) -> bool:
        """Answer an inauguration event that cannot inaugurate this term; once per event."""
        if event_id in self.refused_event_ids:
            return False
        self.refused_event_ids.append(event_id)
        self.record(events.refused(self, event_id=event_id, reason=reason))
        return True

    def end(self, *, at: datetime, successor_term_id: str | None = None) -> bool:
        """End an inaugurated term; records TermEnded; ending it again changes nothing."""
        if self.status == "ended":
            return False
        if self.status == "draft":
            raise Conflict("a draft term was never inaugurated, so it cannot end", field="status")
        self.status = "ended"
        self.ended_at = moment = as_utc(at, field="at")
        self.successor_term_id = successor_term_id
        self.record(events.ended(self, at=moment))
        return True

    def _succeed(self, previous: "Term", *, at: datetime) -> None:
        if previous.council != self.council:
            raise Conflict(f"term {previous.id} belongs to another council", field="previous")
        if previous.status == "draft":
            raise Conflict(f"term {previous.id} was never inaugurated", field="previous")
        if previous.period_start > self.period_start:
            raise Conflict(f"the later term {previous.id} is already inaugurated", field="previous")
        previous.end(at=at, successor_term_id=self.id)
        self.previous_term_id = previous.id
