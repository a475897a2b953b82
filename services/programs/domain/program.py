"""A work program (program kerja): its plan, its lifecycle, and the events it publishes.

Lifecycle: draft -> approved -> in_progress -> completed, or cancelled from any of the first
three. Only a draft changes its plan (title, bidang, dates, KPIs, budget): approval publishes the
plan on `program.approved`, and no topic carries later edits.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, Literal, get_args

from services.programs.views import TermView
from shared.aggregate import Aggregate, Conflict, DomainError, NotFound
from shared.clock import as_utc
from shared.contracts.events import ProgramCategory

from .kpis import Kpi, carried_history, checked_finals, checked_kpis
from .published import approved_event, completed_event
from .values import (
    KEEP,
    BudgetLine,
    Keep,
    check_dates,
    checked_bidang,
    checked_budget,
    checked_category,
    checked_title,
    clean,
)

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

    def kpi(self, key: str) -> Kpi:
        """The KPI with this key."""
        for kpi in self.kpis:
            if kpi.key == key:
                return kpi
        raise NotFound(f"the program has no KPI {key!r}", field="key")

    def edit(
        self,
        *,
        at: datetime,
        title: str | Keep = KEEP,
        bidang: str | Keep | None = KEEP,
        category: ProgramCategory | Keep = KEEP,
        planned_start: date | Keep | None = KEEP,
        planned_end: date | Keep | None = KEEP,
        kpis: Iterable[Kpi] | Keep = KEEP,
        budget: Iterable[BudgetLine] | Keep = KEEP,
    ) -> None:
        """Change the plan of a draft; arguments left out keep their value."""
        self.require("draft", action="edit")
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
        bidang, when the term (and its council's bidang) are known."""
        if term is None:
            return
        self.bidang = checked_bidang(self.bidang, term.bidang)
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
        self.require("draft", action="approve")
        if not self.kpis:
            raise DomainError("a program needs at least one KPI to be approved", field="kpis")
        check_term(self, term)
        self.check_within(term)
        self.status, self.approved_at = "approved", as_utc(at, field="at")
        self.record(approved_event(self))

    def start(self, *, at: datetime) -> None:
        """Mark an approved program as under way."""
        self.require("approved", action="start")
        self.status, self.started_at = "in_progress", as_utc(at, field="at")

    def complete(self, *, at: datetime, final_actuals: Mapping[str, float] | None = None) -> None:
        """Close a running program with its final actuals; publishes program.completed."""
        self.require(*RUNNING, action="complete")
        finals = checked_finals(self.kpis, final_actuals or {})
        completed_at = as_utc(at, field="at")
        for key, actual in finals.items():
            self.kpi(key).set_actual(actual, at=completed_at)
        self.status, self.completed_at = "completed", completed_at
        self.record(completed_event(self))

    def cancel(self, *, at: datetime, reason: str | None = None) -> None:
        """Cancel a program that has not been completed."""
        self.require("draft", *RUNNING, action="cancel")
        self.status, self.cancelled_at = "cancelled", as_utc(at, field="at")
        self.cancel_reason = clean(reason)

    def require(self, *allowed: ProgramStatus, action: str) -> None:
        """Refuse an action the program's status does not allow (409 on `status`)."""
        if self.status not in allowed:
            raise Conflict(f"cannot {action} a program that is {self.status}", field="status")


def check_term(program: Program, term: TermView | None) -> None:
    """Refuse a term that is not the program's, not its council's, or not inaugurated."""
    if term is None or term.term_id != program.term_id:
        raise DomainError("the program's term is not known as inaugurated", field="term_id")
    if term.council != program.council:
        raise DomainError("the term belongs to another council", field="term_id")
    if not term.is_inaugurated:
        raise Conflict(f"the term is {term.status}, not inaugurated", field="term_id")
