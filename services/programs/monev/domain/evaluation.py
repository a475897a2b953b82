"""Monev: dated evaluations of assisted businesses, their indicators, and the event they publish."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from services.programs.domain import Amendment
from services.programs.domain.values import clean, new_id
from shared.aggregate import Aggregate, DomainError
from shared.clock import as_utc
from shared.contracts.events import UkmEvaluated

from .enrolment import Beneficiary

# Known certifications keep their usual spelling; any other name is kept as given.
_CERTIFICATIONS = {"halal": "halal", "sni": "SNI", "hki": "HKI"}


@dataclass(frozen=True, kw_only=True)
class Indicators:
    """What a monev visit measures; revenue is whole rupiah a month."""

    monthly_revenue: int | None = None
    employees: int | None = None
    digital_channels: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    marketplaces: tuple[str, ...] = ()


@dataclass(kw_only=True)
class Evaluation(Aggregate):
    """A dated evaluation of an assisted business with a score from 1 to 5."""

    council: str
    program_id: str
    member_id: str
    evaluated_on: date
    score: int
    indicators: Indicators
    notes: str | None
    recorded_at: datetime
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    history: list[Amendment] = field(default_factory=list)


def evaluate(
    *,
    beneficiary: Beneficiary | None,
    evaluated_on: date,
    score: int,
    indicators: Indicators,
    at: datetime,
    today: date | None = None,
    notes: str | None = None,
    evaluation_id: str | None = None,
) -> Evaluation:
    """Evaluate an enrolled business; publishes ukm.evaluated (without the free-text notes).

    `today` is the date at the council: no evaluation is dated after it (unchecked if None).
    """
    if beneficiary is None or beneficiary.withdrawn_at is not None:
        raise DomainError("the business is not enrolled in this program", field="member_id")
    recorded_at = as_utc(at, field="at")
    check_evaluated_on(evaluated_on, enrolled_on=beneficiary.enrolled_on, today=today)
    if isinstance(score, bool) or not 1 <= score <= 5:
        raise DomainError("the score is a whole number from 1 to 5", field="score")
    evaluation = Evaluation(
        id=evaluation_id or new_id(),
        council=beneficiary.council,
        program_id=beneficiary.program_id,
        member_id=beneficiary.member_id,
        evaluated_on=evaluated_on,
        score=score,
        indicators=checked_indicators(indicators),
        notes=clean(notes),
        recorded_at=recorded_at,
    )
    evaluation.record(evaluated_event(evaluation))
    return evaluation


def check_evaluated_on(evaluated_on: date, *, enrolled_on: date, today: date | None) -> None:
    """An evaluation lies between the enrolment and today (at the council)."""
    if today is not None and evaluated_on > today:
        raise DomainError(f"evaluated_on {evaluated_on} lies in the future", field="evaluated_on")
    if evaluated_on < enrolled_on:
        raise DomainError("an evaluation cannot precede the enrolment", field="evaluated_on")


def checked_indicators(indicators: Indicators) -> Indicators:
    """The indicators after checking the numbers and tidying the names."""
    for name in ("monthly_revenue", "employees"):
        value = getattr(indicators, name)
        if value is not None and (isinstance(value, bool) or value < 0):
            raise DomainError("must be a whole number of zero or more", field=f"indicators.{name}")
    certified = (_CERTIFICATIONS.get(c.strip().lower(), c) for c in indicators.certifications)
    return Indicators(
        monthly_revenue=indicators.monthly_revenue,
        employees=indicators.employees,
        digital_channels=_names(indicators.digital_channels),
        certifications=_names(certified),
        marketplaces=_names(indicators.marketplaces),
    )


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def evaluated_event(evaluation: Evaluation) -> UkmEvaluated:
    """The `ukm.evaluated` event of an evaluation as it stands (notes stay here)."""
    found = evaluation.indicators
    return UkmEvaluated(
        council=evaluation.council,
        evaluation_id=evaluation.id,
        program_id=evaluation.program_id,
        member_id=evaluation.member_id,
        evaluated_on=evaluation.evaluated_on,
        score=evaluation.score,
        monthly_revenue=found.monthly_revenue,
        employees=found.employees,
        digital_channels=list(found.digital_channels),
        certifications=list(found.certifications),
        marketplaces=list(found.marketplaces),
    )
