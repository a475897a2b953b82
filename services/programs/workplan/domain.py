"""The work plan of an inaugurated term: opened once, when the term is inaugurated.

What it shows (programs, budget per source, KPI progress) is `summary`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from shared.aggregate import Aggregate
from shared.clock import as_utc
from shared.contracts.events import TermInaugurated


@dataclass(kw_only=True)
class WorkPlan(Aggregate):
    """One per inaugurated term; its id is the term id, so opening it twice finds the first."""

    council: str
    term_id: str
    period_start: date
    period_end: date
    opened_at: datetime


def open_work_plan(
    *, inaugurated: TermInaugurated, existing: WorkPlan | None = None
) -> tuple[WorkPlan, bool]:
    """The term's work plan, and whether it was opened now (False: it was open already)."""
    if existing is not None:
        return existing, False
    plan = WorkPlan(
        id=inaugurated.term_id,
        council=inaugurated.council,
        term_id=inaugurated.term_id,
        period_start=inaugurated.period_start,
        period_end=inaugurated.period_end,
        opened_at=as_utc(inaugurated.inaugurated_at, field="inaugurated_at"),
    )
    return plan, True
