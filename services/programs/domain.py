"""Work programs (program kerja): KPIs, budget, lifecycle, and the events they record.

Lifecycle: draft -> approved -> in_progress -> completed, or cancelled from any of the first
three. Only a draft changes its plan (title, bidang, dates, KPIs, budget): approval publishes the
plan on `program.approved`, and no topic carries later edits.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, Literal, get_args

from services.programs.values import (
    KEEP,
    BudgetLine,
    Keep,
    Kpi,
    carried_history,
    check_dates,
    checked_amount,
    checked_bidang,
    checked_budget,
    checked_category,
    checked_finals,
    checked_kpis,
    checked_title,
    clean,
    new_id,
)
from services.programs.views import TermView
from shared.aggregate import Aggregate, Conflict, DomainError, NotFound
from shared.clock import as_utc
from shared.contracts.events import ProgramApproved, ProgramCategory, ProgramCompleted

ProgramStatus = Literal["draft", "approved", "in_progress", "completed", "cancelled"]
PROGRAM_STATUSES: tuple[ProgramStatus, ...] = get_args(ProgramStatus)
RUNNING: Final[tuple[ProgramStatus, ...]] = ("approved", "in_progress")


@dataclass(kw_only=True)
class Program(Aggregate):
    """A work program of a council's term; `counted_event_ids` makes attendance count once."""

    council: str
    term_id: str
    title: str
    category: ProgramCategory
    bidang: str | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    kpis: list[Kpi] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    origin_event_id: str | None = None
    status: ProgramStatus = "draft"
    counted_event_ids: set[str] = field(default_factory=set)
    approved_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None

    @property
    def budget_total(self) -> int:
        """All budget lines summed, in whole rupiah."""
        return sum(line.amount for line in self.budget)

    @property
    def attendance_kpis(self) -> list[Kpi]:
        """The KPIs that measure the attendance of the program's trainings and exhibitions."""
        return [kpi for kpi in self.kpis if kpi.counts_attendance]

    def kpi(self, key: str) -> Kpi:
        """The KPI with this key."""
        for kpi in self.kpis:
            if kpi.key == key:
                return kpi
        raise NotFound(f"the program has no KPI {key!r}", field="key")

    def edit(
        self,
        *,
        title: str | Keep = KEEP,
        bidang: str | Keep | None = KEEP,
        category: ProgramCategory | Keep = KEEP,
        planned_start: date | Keep | None = KEEP,
        planned_end: date | Keep | None = KEEP,
        kpis: Iterable[Kpi] | Keep = KEEP,
        budget: Iterable[BudgetLine] | Keep = KEEP,
        at: datetime,
    ) -> None:
        """Change the plan of a draft; arguments left out keep their value."""
        self._require("draft", action="edit")
        title = self.title if isinstance(title, Keep) else checked_title(title)
        category = self.category if isinstance(category, Keep) else checked_category(category)
        start = self.planned_start if isinstance(planned_start, Keep) else planned_start
        end = self.planned_end if isinstance(planned_end, Keep) else planned_end
        check_dates(start, end)
        new_kpis = self.kpis if isinstance(kpis, Keep) else checked_kpis(kpis)
        carried_history(new_kpis, self.kpis, at=as_utc(at, field="at"))
        new_budget = self.budget if isinstance(budget, Keep) else checked_budget(budget)
        self.title, self.category, self.kpis, self.budget = title, category, new_kpis, new_budget
        self.planned_start, self.planned_end = start, end
        self.bidang = self.bidang if isinstance(bidang, Keep) else clean(bidang)

    def check_within(self, term: TermView | None) -> None:
        """Refuse planned dates outside the term's period and a bidang not among its council's
        divisions, when the term (and its divisions) are known."""
        if term is None:
            return
        self.bidang = checked_bidang(self.bidang, term.divisions)
        for name in ("planned_start", "planned_end"):
            day: date | None = getattr(self, name)
            if day is not None and not term.period_start <= day <= term.period_end:
                raise DomainError(
                    f"{name} {day} lies outside the term's period"
                    f" {term.period_start} to {term.period_end}",
                    field=name,
                )

    def approve(self, *, term: TermView | None, at: datetime) -> None:
        """Approve a draft with a KPI under its inaugurated term; publishes program.approved."""
        self._require("draft", action="approve")
        if not self.kpis:
            raise DomainError("a program needs at least one KPI to be approved", field="kpis")
        self._check_term(term)
        self.check_within(term)
        self.status, self.approved_at = "approved", as_utc(at, field="at")
        self.record(
            ProgramApproved(
                council=self.council,
                program_id=self.id,
                term_id=self.term_id,
                bidang=self.bidang,
                title=self.title,
                category=self.category,
                planned_start=self.planned_start,
                planned_end=self.planned_end,
                kpis=[kpi.to_contract() for kpi in self.kpis],
                budget=[line.to_contract() for line in self.budget],
            )
        )

    def start(self, *, at: datetime) -> None:
        """Mark an approved program as under way."""
        self._require("approved", action="start")
        self.status, self.started_at = "in_progress", as_utc(at, field="at")

    def complete(self, *, at: datetime, final_actuals: Mapping[str, float] | None = None) -> None:
        """Close a running program with its final actuals; publishes program.completed."""
        self._require(*RUNNING, action="complete")
        finals = checked_finals(self.kpis, final_actuals or {})
        completed_at = as_utc(at, field="at")
        for key, actual in finals.items():
            self.kpi(key).set_actual(actual, at=completed_at)
        self.status, self.completed_at = "completed", completed_at
        self.record(
            ProgramCompleted(
                council=self.council,
                program_id=self.id,
                term_id=self.term_id,
                completed_at=completed_at,
                kpis=[kpi.to_contract() for kpi in self.kpis],
            )
        )

    def cancel(self, *, at: datetime, reason: str | None = None) -> None:
        """Cancel a program that has not been completed."""
        self._require("draft", *RUNNING, action="cancel")
        self.status, self.cancelled_at, self.cancel_reason = (
            "cancelled",
            as_utc(at, field="at"),
            clean(reason),
        )

    def record_progress(
        self,
        *,
        key: str,
        at: datetime,
        amount: float | None = None,
        actual: float | None = None,
    ) -> Kpi:
        """Add `amount` to a KPI's actual, or set it to `actual`, while the program runs."""
        self._require(*RUNNING, action="record progress on")
        kpi = self.kpi(key)
        if amount is not None and actual is None:
            new = checked_amount(kpi.actual + amount, field="amount")
        elif actual is not None and amount is None:
            new = checked_amount(actual, field="actual")
        else:
            raise DomainError("give either an amount to add or the new actual", field="amount")
        kpi.set_actual(new, at=as_utc(at, field="at"))
        return kpi

    def count_attendance(self, *, event_id: str, attendance: int, at: datetime) -> bool:
        """Add an event's attendance to every attendance KPI once per event; True if state changed.

        Only an approved or running program counts; a completed program published its final
        actuals and a cancelled one has none, so a late event is ignored there.
        """
        if attendance < 0:
            raise DomainError("attendance cannot be negative", field="attendance")
        if event_id in self.counted_event_ids or self.status not in RUNNING:
            return False
        self.counted_event_ids.add(event_id)
        for kpi in self.attendance_kpis:
            kpi.set_actual(kpi.actual + attendance, at=as_utc(at, field="at"))
        return True

    def _require(self, *allowed: ProgramStatus, action: str) -> None:
        if self.status not in allowed:
            raise Conflict(f"cannot {action} a program that is {self.status}", field="status")

    def _check_term(self, term: TermView | None) -> None:
        if term is None or term.term_id != self.term_id:
            raise DomainError("the program's term is not known as inaugurated", field="term_id")
        if term.council != self.council:
            raise DomainError("the term belongs to another council", field="term_id")
        if not term.is_inaugurated:
            raise Conflict(f"the term is {term.status}, not inaugurated", field="term_id")


def create_program(
    *,
    council: str,
    term_id: str,
    title: str,
    category: ProgramCategory,
    bidang: str | None = None,
    planned_start: date | None = None,
    planned_end: date | None = None,
    kpis: Iterable[Kpi] = (),
    budget: Iterable[BudgetLine] = (),
    origin_event_id: str | None = None,
    program_id: str | None = None,
    at: datetime,
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
