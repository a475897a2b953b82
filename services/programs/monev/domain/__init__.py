"""Assisted businesses (UKM binaan) of a program, their evaluations (monev), progress over time.

`enrolment` holds the enrolment of a business, `evaluation` the dated evaluations and their
indicators, `progress` the change a business shows across them.
"""

from .enrolment import Beneficiary, enrol, enrolled_event, enrolment_id
from .evaluation import (
    Evaluation,
    Indicators,
    check_evaluated_on,
    checked_indicators,
    evaluate,
    evaluated_event,
)
from .progress import EvaluationProgress, progress

__all__ = [
    "Beneficiary",
    "Evaluation",
    "EvaluationProgress",
    "Indicators",
    "check_evaluated_on",
    "checked_indicators",
    "enrol",
    "enrolled_event",
    "enrolment_id",
    "evaluate",
    "evaluated_event",
    "progress",
]
