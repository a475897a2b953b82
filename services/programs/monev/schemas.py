"""HTTP schemas of assisted businesses (UKM binaan) and their evaluations (monev)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.fields import Count, Identifier, Label, Rupiah, paragraphs

from .domain import Beneficiary, Evaluation, EvaluationProgress, Indicators

Few = Annotated[list[Label], Field(max_length=20)]


class AmendmentPublic(BaseModel):
    """A correction or withdrawal: when, by whom, why; `previous` holds the old values."""

    model_config = ConfigDict(from_attributes=True)

    kind: Literal["correction", "withdrawal"]
    at: datetime
    by: str = Field(description="The subject of the token that made it")
    reason: str
    previous: dict[str, Any] = Field(description="The corrected fields as they were before")


class _Amendable(BaseModel):
    withdrawn_at: datetime | None = Field(default=None, description="Set once withdrawn")
    withdrawal_reason: str | None = None
    history: list[AmendmentPublic] = Field(
        default_factory=list, description="Corrections and the withdrawal, oldest first"
    )


class BeneficiaryCreate(BaseModel):
    """Enrol a business member in a program; the date defaults to today at the council."""

    model_config = ConfigDict(extra="forbid")

    member_id: Identifier
    enrolled_on: date | None = None


class BeneficiaryPublic(_Amendable):
    """An enrolment as the API shows it, with its corrections and withdrawal."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    council: str
    program_id: str
    member_id: str
    member_name: str | None = Field(default=None, description="As the member's topics tell it")
    enrolled_on: date

    @classmethod
    def of(cls, beneficiary: Beneficiary, *, member_name: str | None = None) -> "BeneficiaryPublic":
        """The API view of an enrolment, with the business's name when known."""
        return cls.model_validate(beneficiary).model_copy(update={"member_name": member_name})


class IndicatorsIn(BaseModel):
    """What a monev visit measured; revenue in whole rupiah a month."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    monthly_revenue: Rupiah | None = Field(default=None, examples=[15_000_000])
    employees: Count | None = None
    digital_channels: Few = Field(default_factory=list, examples=[["instagram"]])
    certifications: Few = Field(default_factory=list, examples=[["halal", "SNI", "HKI"]])
    marketplaces: Few = Field(default_factory=list, examples=[["tokopedia"]])

    def to_domain(self) -> Indicators:
        """The domain value."""
        return Indicators(
            monthly_revenue=self.monthly_revenue,
            employees=self.employees,
            digital_channels=tuple(self.digital_channels),
            certifications=tuple(self.certifications),
            marketplaces=tuple(self.marketplaces),
        )


class EvaluationCreate(BaseModel):
    """A dated evaluation of a business enrolled in a program."""

    model_config = ConfigDict(extra="forbid")

    program_id: Identifier
    member_id: Identifier
    evaluated_on: date
    score: int = Field(ge=1, le=5)
    indicators: IndicatorsIn = Field(default_factory=IndicatorsIn)
    notes: Annotated[str, paragraphs(2000)] | None = Field(
        default=None, description="Never on a topic"
    )


class EvaluationPublic(_Amendable):
    """An evaluation as the API shows it; a withdrawn one counts in no change."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    council: str
    program_id: str
    member_id: str
    member_name: str | None = Field(default=None, description="As the member's topics tell it")
    evaluated_on: date
    score: int
    indicators: IndicatorsIn
    notes: str | None
    recorded_at: datetime

    @classmethod
    def of(cls, evaluation: Evaluation, *, member_name: str | None = None) -> "EvaluationPublic":
        """The API view of an evaluation, with the business's name when known."""
        return cls.model_validate(evaluation).model_copy(update={"member_name": member_name})


class EvaluationHistory(BaseModel):
    """A business's evaluations oldest first, and the change from the first to the last."""

    member_id: str
    member_name: str | None = Field(default=None, description="As the member's topics tell it")
    evaluations: list[EvaluationPublic]
    revenue_change: int | None
    employees_change: int | None
    score_change: int | None

    @classmethod
    def of(
        cls, member_id: str, found: EvaluationProgress, *, member_name: str | None = None
    ) -> "EvaluationHistory":
        """The API view of a business's progress over time."""
        return cls(
            member_id=member_id,
            member_name=member_name,
            evaluations=[
                EvaluationPublic.of(e, member_name=member_name) for e in found.evaluations
            ],
            revenue_change=found.revenue_change,
            employees_change=found.employees_change,
            score_change=found.score_change,
        )
