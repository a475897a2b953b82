"""HTTP schema of a work plan: programs by bidang and status, budget per source, KPI progress."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.events import ProgramCategory

from ..domain import FundingSource, KpiMeasure, ProgramStatus


class _FromDomain(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class KpiProgressPublic(_FromDomain):
    """One KPI's actual against its target; `ratio` is null when the target is zero."""

    key: str
    name: str
    unit: str
    target: float
    actual: float
    measure: KpiMeasure = Field(description="attendance: counted from trainings; manual")
    ratio: float | None


class ProgramProgressPublic(_FromDomain):
    """A program in the plan; `progress` is the mean of its KPI ratios, each capped at 1."""

    program_id: str
    title: str
    bidang: str | None
    category: ProgramCategory
    status: ProgramStatus
    budget_total: int
    kpis: list[KpiProgressPublic]
    progress: float | None


class BidangGroupPublic(_FromDomain):
    """The programs of one bidang; null holds those without one."""

    bidang: str | None
    program_ids: list[str]


class WorkPlanPublic(_FromDomain):
    """A term's work plan. Cancelled programs are listed but count in no total."""

    term_id: str
    council: str
    period_start: date
    period_end: date
    programs: list[ProgramProgressPublic]
    by_bidang: list[BidangGroupPublic]
    by_status: dict[ProgramStatus, list[str]]
    budget_by_source: dict[FundingSource, int] = Field(description="Whole rupiah per source")
    budget_total: int
    apbd_total: int = Field(description="From the regional budget (APBD)")
    other_total: int = Field(description="From every other source")
    apbd_share: float | None = Field(description="APBD of the total, 0-1; null without budget")
    kpi_progress: float | None
