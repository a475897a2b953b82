"""Drafting a work program: a new draft with its plan checked."""

from collections.abc import Iterable
from datetime import date, datetime

from shared.clock import as_utc
from shared.contracts.events import ProgramCategory

from .kpis import Kpi, carried_history, checked_kpis
from .program import Program
from .values import (
    BudgetLine,
    check_dates,
    checked_budget,
    checked_category,
    checked_title,
    clean,
    new_id,
)


def create_program(
    *,
    council: str,
    term_id: str,
    title: str,
    category: ProgramCategory,
    at: datetime,
    bidang: str | None = None,
    planned_start: date | None = None,
    planned_end: date | None = None,
    kpis: Iterable[Kpi] = (),
    budget: Iterable[BudgetLine] = (),
    origin_event_id: str | None = None,
    program_id: str | None = None,
) -> Program:
    """A new draft program, its plan checked; a KPI planned with an actual starts its history."""
    check_dates(planned_start, planned_end)
    planned = checked_kpis(kpis)
    carried_history(planned, (), at=as_utc(at, field="at"))
    return Program(
        id=program_id or new_id(),
        council=council,
        term_id=term_id,
        title=checked_title(title),
        category=checked_category(category),
        bidang=clean(bidang),
        planned_start=planned_start,
        planned_end=planned_end,
        kpis=planned,
        budget=checked_budget(budget),
        origin_event_id=origin_event_id,
    )
