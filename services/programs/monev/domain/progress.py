"""A business's progress over its evaluations: the change from the first to the last."""

from collections.abc import Iterable
from dataclasses import dataclass

from .evaluation import Evaluation


@dataclass(frozen=True, kw_only=True)
class EvaluationProgress:
    """A business's evaluations oldest first, and the change from the first to the last.

    A change is None unless at least two evaluations carry that indicator; withdrawn
    evaluations are listed but count in no change.
    """

    evaluations: list[Evaluation]
    revenue_change: int | None
    employees_change: int | None
    score_change: int | None


def progress(evaluations: Iterable[Evaluation]) -> EvaluationProgress:
    """The evaluations in date order with the change in revenue, employees and score."""
    ordered = sorted(evaluations, key=lambda e: (e.evaluated_on, e.recorded_at, e.id))
    counted = [e for e in ordered if e.withdrawn_at is None]
    return EvaluationProgress(
        evaluations=ordered,
        revenue_change=_change(e.indicators.monthly_revenue for e in counted),
        employees_change=_change(e.indicators.employees for e in counted),
        score_change=_change(e.score for e in counted),
    )


def _change(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return present[-1] - present[0] if len(present) >= 2 else None
