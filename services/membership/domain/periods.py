"""The rules about terms' periods: well formed, no overlap, one inaugurated term at a time."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from shared.aggregate import Conflict, DomainError

if TYPE_CHECKING:
    from .terms import Term


def assert_no_overlap(new_term: "Term", existing_terms: Iterable["Term"]) -> None:
    """Refuse a term whose period overlaps another term of its council (409 naming it)."""
    for other in existing_terms:
        if other.id != new_term.id and new_term.overlaps(other):
            raise Conflict(
                f"the period overlaps term {other.id} "
                f"({other.period_start.isoformat()} to {other.effective_end.isoformat()})",
                field="period_start",
            )


def inaugurated_term(terms: Iterable["Term"], *, council: str) -> "Term | None":
    """The council's currently inaugurated term, if it has one."""
    return next((t for t in terms if t.council == council and t.status == "inaugurated"), None)


def check_period(start: date, end: date) -> None:
    """Refuse (422) a period that is not two calendar dates, the end after the start."""
    for name, day in (("period_start", start), ("period_end", end)):
        if isinstance(day, datetime) or not isinstance(day, date):
            raise DomainError("must be a calendar date", field=name)
    if end <= start:
        raise DomainError("must be after period_start", field="period_end")
