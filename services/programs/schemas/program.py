"""HTTP schemas of a program as shown, and of its lifecycle steps and progress."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.events import ProgramCategory
from shared.fields import MEASURE_MAX, Measure, line

from ..domain import HISTORY_LIMIT, Kpi, KpiMeasure, Program, ProgramStatus
from .plan import MEASURE_DOC, BudgetLineIn, KpiIn, KpiKey


class KpiPointPublic(BaseModel):
    """A KPI's actual as it became at an instant."""

    at: datetime = Field(description="When the actual changed (UTC)")
    actual: float


class KpiPublic(KpiIn):
    """A KPI with its actual against target (`ratio` is None for a zero target)."""

    measure: KpiMeasure = Field(description=MEASURE_DOC)
    ratio: float | None
    history: list[KpiPointPublic] = Field(
        description=(
            "Each change of the actual (planned, recorded by hand, attendance counted, final),"
            f" oldest first; the last {HISTORY_LIMIT} are kept"
        )
    )

    @classmethod
    def of(cls, kpi: Kpi) -> "KpiPublic":
        """The API view of a KPI."""
        history = [KpiPointPublic(at=p.at, actual=p.actual) for p in kpi.history]
        return cls(**{**vars(kpi), "history": history}, ratio=kpi.ratio)


class ProgramPublic(BaseModel):
    """A work program as the API shows it."""

    id: str
    council: str
    term_id: str
    title: str
    category: ProgramCategory
    bidang: str | None
    planned_start: date | None
    planned_end: date | None
    kpis: list[KpiPublic]
    budget: list[BudgetLineIn]
    budget_total: int
    origin_event_id: str | None
    status: ProgramStatus
    counted_event_ids: list[str] = Field(description="Events whose attendance was counted")
    approved_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    revision: int

    @classmethod
    def of(cls, program: Program) -> "ProgramPublic":
        """The API view of a program."""
        plain = {
            name: getattr(program, name) for name in cls.model_fields if hasattr(program, name)
        }
        return cls.model_validate(
            {
                **plain,
                "kpis": [KpiPublic.of(k) for k in program.kpis],
                "budget": [BudgetLineIn(**vars(b)) for b in program.budget],
                "counted_event_ids": sorted(program.counted_event_ids),
            }
        )


class Completion(BaseModel):
    """The final KPI actuals, by KPI key; KPIs left out keep their recorded actual."""

    model_config = ConfigDict(extra="forbid")

    final_actuals: dict[KpiKey, Measure] = Field(default_factory=dict, max_length=50)


class Cancellation(BaseModel):
    """Why a program is cancelled."""

    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, line(500, min_length=0)] | None = None


class Progress(BaseModel):
    """Either an amount to add to the KPI's actual, or the new actual."""

    model_config = ConfigDict(extra="forbid")

    amount: float | None = Field(default=None, ge=-MEASURE_MAX, le=MEASURE_MAX, examples=[25])
    actual: Measure | None = None
