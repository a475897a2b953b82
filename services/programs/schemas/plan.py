"""HTTP schemas of a program's plan: KPIs, budget lines, `ProgramCreate`, `ProgramUpdate`."""

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from shared.aggregate import DomainError
from shared.contracts.events import ProgramCategory
from shared.fields import KPI_KEY, REGION, Identifier, Measure, Rupiah, line

from ..domain import BudgetLine, FundingSource, Kpi, KpiMeasure, implied_measure

Code = Field(pattern=REGION, examples=["33.75"])
KpiKey = Annotated[str, Field(pattern=KPI_KEY, examples=["participants"])]
Title = Annotated[str, line(300)]
MEASURE_DOC = (
    "What the KPI measures. `attendance`: every concluded training or exhibition linked to the"
    " program adds its attendance to the actual. `manual`: the secretariat records the actual"
    " (progress, final actuals). Left out: `manual`, except that a KPI keyed `participants`"
    " counts attendance, as it did before KPIs stated their measure."
)


class KpiIn(BaseModel):
    """A KPI as planned: what the program promises."""

    model_config = ConfigDict(extra="forbid")

    key: KpiKey
    name: Annotated[str, line(200)] = Field(examples=["Peserta pelatihan"])
    unit: Annotated[str, line(40)] = Field(examples=["orang"])
    target: Measure
    actual: Measure = 0
    measure: KpiMeasure | None = Field(default=None, description=MEASURE_DOC)

    def to_domain(self) -> Kpi:
        """The domain value; a KPI sent without a measure gets the implied one."""
        return Kpi(
            **self.model_dump(exclude={"measure"}),
            measure=implied_measure(self.key, self.measure),
        )


class BudgetLineIn(BaseModel):
    """An amount in whole rupiah from one funding source (APBD: the regional budget)."""

    model_config = ConfigDict(extra="forbid")

    source: FundingSource
    amount: Rupiah = Field(examples=[60_000_000])
    note: Annotated[str, line(200, min_length=0)] | None = None

    def to_domain(self) -> BudgetLine:
        """The domain value."""
        return BudgetLine(**self.model_dump())


class _Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bidang: Annotated[str, line(120, min_length=0)] | None = Field(
        default=None,
        description=(
            "One of the council's bidang (case aside, kept in the"
            " council's spelling) when its term's `term.inaugurated` listed them; as given"
            " when it did not (older events) or listed none."
        ),
    )
    planned_start: date | None = None
    planned_end: date | None = None


class ProgramCreate(_Plan):
    """A draft work program (program kerja) of a council's term."""

    council: str = Code
    term_id: Identifier
    title: Title
    category: ProgramCategory
    kpis: list[KpiIn] = Field(default_factory=list, max_length=50)
    budget: list[BudgetLineIn] = Field(default_factory=list, max_length=50)
    origin_event_id: Identifier | None = Field(default=None, description="e.g. the Rakerda")

    def plan(self) -> dict[str, Any]:
        """The plan as the domain takes it."""
        return {
            **self.model_dump(include={"title", "category", "bidang", "origin_event_id"}),
            "planned_start": self.planned_start,
            "planned_end": self.planned_end,
            "kpis": [k.to_domain() for k in self.kpis],
            "budget": [b.to_domain() for b in self.budget],
        }


class ProgramUpdate(_Plan):
    """A change to a draft's plan: only the fields sent change (null clears an optional one)."""

    title: Title | None = None
    category: ProgramCategory | None = None
    kpis: list[KpiIn] | None = Field(default=None, max_length=50)
    budget: list[BudgetLineIn] | None = Field(default=None, max_length=50)

    def changes(self) -> dict[str, Any]:
        """The fields sent, as `Program.edit` takes them."""
        sent = self.model_fields_set
        for name in ("title", "category", "kpis", "budget"):
            if name in sent and getattr(self, name) is None:
                raise DomainError("cannot be null", field=name)
        changes: dict[str, Any] = {name: getattr(self, name) for name in sent}
        if self.kpis is not None:
            changes["kpis"] = [k.to_domain() for k in self.kpis]
        if self.budget is not None:
            changes["budget"] = [b.to_domain() for b in self.budget]
        return changes
