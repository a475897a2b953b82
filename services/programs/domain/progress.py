"""Progress of a running program's KPIs: recorded by hand, or counted from attendance."""

from datetime import datetime

from shared.aggregate import DomainError
from shared.clock import as_utc

from .kpis import Kpi, checked_amount
from .program import RUNNING, Program


def record_progress(
    program: Program,
    *,
    key: str,
    at: datetime,
    amount: float | None = None,
    actual: float | None = None,
) -> Kpi:
    """Add `amount` to a KPI's actual, or set it to `actual`, while the program runs."""
    program.require(*RUNNING, action="record progress on")
    kpi = program.kpi(key)
    if amount is not None and actual is None:
        new = checked_amount(kpi.actual + amount, field="amount")
    elif actual is not None and amount is None:
        new = checked_amount(actual, field="actual")
    else:
        raise DomainError("give either an amount to add or the new actual", field="amount")
    kpi.set_actual(new, at=as_utc(at, field="at"))
    return kpi


def count_attendance(program: Program, *, event_id: str, attendance: int, at: datetime) -> bool:
    """Add an event's attendance to every attendance KPI once per event; True if state changed.

    Only an approved or running program counts; a completed program published its final
    actuals and a cancelled one has none, so a late event is ignored there.
    """
    if attendance < 0:
        raise DomainError("attendance cannot be negative", field="attendance")
    if event_id in program.counted_event_ids or program.status not in RUNNING:
        return False
    program.counted_event_ids.add(event_id)
    for kpi in program.kpis:
        if kpi.counts_attendance:
            kpi.set_actual(kpi.actual + attendance, at=as_utc(at, field="at"))
    return True
