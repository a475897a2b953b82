"""The events a board term records, built from the term as it stands."""

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from shared.contracts.events import (
    TermCreated,
    TermEnded,
    TermInaugurated,
    TermInaugurationRefused,
)

if TYPE_CHECKING:
    from .terms import Term


def created(term: "Term") -> TermCreated:
    """`term.created`: a draft, with its period and decree."""
    return TermCreated(
        council=term.council,
        term_id=term.id,
        period_start=term.period_start,
        period_end=term.period_end,
        decree_number=term.decree_number,
    )


def inaugurated(term: "Term", *, at: datetime, bidang: Sequence[str] | None) -> TermInaugurated:
    """`term.inaugurated`: the board as seated, and the council's bidang for programs."""
    return TermInaugurated(
        council=term.council,
        term_id=term.id,
        period_start=term.period_start,
        period_end=term.period_end,
        decree_number=term.decree_number,
        inaugurated_at=at,
        event_id=term.inauguration_event_id,
        previous_term_id=term.previous_term_id,
        positions=[seat.to_contract() for seat in term.positions],
        bidang=list(bidang) if bidang is not None else None,
    )


def refused(term: "Term", *, event_id: str, reason: str) -> TermInaugurationRefused:
    """`term.inauguration_refused`: the answer to an event that cannot inaugurate the term."""
    return TermInaugurationRefused(
        council=term.council, term_id=term.id, event_id=event_id, reason=reason[:500]
    )


def ended(term: "Term", *, at: datetime) -> TermEnded:
    """`term.ended`: when, and the successor, if one took over."""
    return TermEnded(
        council=term.council,
        term_id=term.id,
        ended_at=at,
        successor_term_id=term.successor_term_id,
    )
