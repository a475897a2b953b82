"""The summary of a work plan: programs by bidang and status, budget per source, KPI progress.

Cancelled programs appear in the groupings (so a reader sees what was dropped) but count in no
total: neither the budget nor the KPI progress.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.programs.domain import (
    FUNDING_SOURCES,
    PROGRAM_STATUSES,
    FundingSource,
    KpiMeasure,
    Program,
    ProgramStatus,
)
from shared.contracts.events import ProgramCategory

from .domain import WorkPlan


@dataclass(frozen=True, kw_only=True)
class KpiProgress:
    """One KPI's actual against its target; `ratio` is None when the target is zero."""

    key: str
    name: str
    unit: str
    target: float
    actual: float
    measure: KpiMeasure
    ratio: float | None


@dataclass(frozen=True, kw_only=True)
class ProgramProgress:
    """A program in the plan with its KPIs; `progress` is the mean of KPI ratios capped at 1."""

    program_id: str
    title: str
    bidang: str | None
    category: ProgramCategory
    status: ProgramStatus
    budget_total: int
    kpis: list[KpiProgress]
    progress: float | None


@dataclass(frozen=True, kw_only=True)
class BidangGroup:
    """The programs of one bidang; `bidang` None holds those without one."""

    bidang: str | None
    program_ids: list[str]


@dataclass(frozen=True, kw_only=True)
class WorkPlanSummary:
    """What a work plan shows: programs by bidang and status, budget, KPI progress."""

    term_id: str
    council: str
    period_start: date
    period_end: date
    programs: list[ProgramProgress]
    by_bidang: list[BidangGroup]
    by_status: dict[ProgramStatus, list[str]]
    budget_by_source: dict[FundingSource, int]
    budget_total: int
    apbd_total: int
    other_total: int
    apbd_share: float | None
    kpi_progress: float | None


def summarise(*, plan: WorkPlan, programs: Iterable[Program]) -> WorkPlanSummary:
    """The summary of a term's work plan; programs of other terms are left out."""
    own = sorted((p for p in programs if p.term_id == plan.term_id), key=_plan_order)
    counted = [p for p in own if p.status != "cancelled"]
    by_source = _budget_by_source(counted)
    total = sum(by_source.values())
    apbd = by_source["APBD"]
    rows = [_program_progress(p) for p in own]
    measured = [row.progress for row in rows if row.status != "cancelled"]
    return WorkPlanSummary(
        term_id=plan.term_id,
        council=plan.council,
        period_start=plan.period_start,
        period_end=plan.period_end,
        programs=rows,
        by_bidang=_by_bidang(own),
        by_status={s: [p.id for p in own if p.status == s] for s in PROGRAM_STATUSES},
        budget_by_source=by_source,
        budget_total=total,
        apbd_total=apbd,
        other_total=total - apbd,
        apbd_share=apbd / total if total else None,
        kpi_progress=_mean(x for x in measured if x is not None),
    )


def _plan_order(program: Program) -> tuple[date, str, str]:
    return (program.planned_start or date.max, program.title, program.id)


def _budget_by_source(programs: Iterable[Program]) -> dict[FundingSource, int]:
    totals: dict[FundingSource, int] = dict.fromkeys(FUNDING_SOURCES, 0)
    for program in programs:
        for line in program.budget:
            totals[line.source] += line.amount
    return totals


def _by_bidang(programs: list[Program]) -> list[BidangGroup]:
    names = sorted({p.bidang for p in programs}, key=lambda name: (name is None, name or ""))
    return [
        BidangGroup(bidang=name, program_ids=[p.id for p in programs if p.bidang == name])
        for name in names
    ]


def _program_progress(program: Program) -> ProgramProgress:
    kpis = [
        KpiProgress(
            key=k.key,
            name=k.name,
            unit=k.unit,
            target=k.target,
            actual=k.actual,
            measure=k.measured,
            ratio=k.ratio,
        )
        for k in program.kpis
    ]
    return ProgramProgress(
        program_id=program.id,
        title=program.title,
        bidang=program.bidang,
        category=program.category,
        status=program.status,
        budget_total=program.budget_total,
        kpis=kpis,
        progress=_mean(min(k.ratio, 1.0) for k in kpis if k.ratio is not None),
    )


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None
