"""Corrections and withdrawals of enrolments and evaluations, each kept with its reason.

A mistake in a record is corrected, never erased: a correction changes named fields and keeps
their earlier values, a withdrawal marks the record as not to be counted. Both stay in the
record's `history` with who made them, when and why. A correction publishes the record's
event again (`ukm.enrolled`, `ukm.evaluated`) with the corrected values; no topic carries a
withdrawal (the contracts have none).
"""

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from services.programs.domain import Amendment
from services.programs.domain.values import clean
from services.programs.monev.domain import (
    Beneficiary,
    Evaluation,
    Indicators,
    check_evaluated_on,
    checked_indicators,
    enrolled_event,
    evaluated_event,
)
from shared.aggregate import Conflict, DomainError
from shared.clock import as_utc

Amended = Beneficiary | Evaluation


def withdraw(record: Amended, *, reason: str, at: datetime, by: str) -> None:
    """Mark an enrolment or evaluation as withdrawn; it stays, with the reason, in its history."""
    _require_current(record)
    why = _reason(reason)
    record.withdrawn_at, record.withdrawal_reason = as_utc(at, field="at"), why
    record.history.append(
        Amendment(kind="withdrawal", at=as_utc(at, field="at"), by=by, reason=why, previous={})
    )


def correct_enrolment(
    beneficiary: Beneficiary,
    *,
    enrolled_on: date,
    first_evaluated_on: date | None,
    today: date,
    reason: str,
    at: datetime,
    by: str,
) -> None:
    """Correct the enrolment date; it cannot follow an evaluation nor lie in the future."""
    _require_current(beneficiary)
    why = _reason(reason)
    if enrolled_on > today:
        raise DomainError(f"enrolled_on {enrolled_on} lies in the future", field="enrolled_on")
    if first_evaluated_on is not None and enrolled_on > first_evaluated_on:
        raise DomainError(
            f"the business was evaluated on {first_evaluated_on}, before {enrolled_on}",
            field="enrolled_on",
        )
    if enrolled_on == beneficiary.enrolled_on:
        raise DomainError("the correction changes nothing", field="enrolled_on")
    previous = {"enrolled_on": beneficiary.enrolled_on.isoformat()}
    beneficiary.enrolled_on = enrolled_on
    beneficiary.history.append(
        Amendment(
            kind="correction", at=as_utc(at, field="at"), by=by, reason=why, previous=previous
        )
    )
    beneficiary.record(enrolled_event(beneficiary))


def correct_evaluation(
    evaluation: Evaluation,
    *,
    changes: dict[str, Any],
    enrolled_on: date,
    today: date,
    reason: str,
    at: datetime,
    by: str,
) -> None:
    """Correct the fields given (evaluated_on, score, indicators, notes) of an evaluation."""
    _require_current(evaluation)
    why = _reason(reason)
    corrected = _corrected(evaluation, changes)
    check_evaluated_on(corrected.evaluated_on, enrolled_on=enrolled_on, today=today)
    previous = {
        name: _plain(getattr(evaluation, name))
        for name in changes
        if getattr(evaluation, name) != getattr(corrected, name)
    }
    if not previous:
        raise DomainError("the correction changes nothing", field=next(iter(changes), None))
    for name in previous:
        setattr(evaluation, name, getattr(corrected, name))
    evaluation.history.append(
        Amendment(
            kind="correction", at=as_utc(at, field="at"), by=by, reason=why, previous=previous
        )
    )
    if set(previous) - {"notes"}:  # notes never travel on a topic
        evaluation.record(evaluated_event(evaluation))


def _corrected(evaluation: Evaluation, changes: dict[str, Any]) -> Evaluation:
    unknown = set(changes) - {"evaluated_on", "score", "indicators", "notes"}
    if unknown or not changes:
        raise DomainError("name at least one of evaluated_on, score, indicators, notes")
    score = changes.get("score", evaluation.score)
    if isinstance(score, bool) or not 1 <= score <= 5:
        raise DomainError("the score is a whole number from 1 to 5", field="score")
    indicators: Indicators = changes.get("indicators", evaluation.indicators)
    return replace(
        evaluation,
        evaluated_on=changes.get("evaluated_on", evaluation.evaluated_on),
        score=score,
        indicators=checked_indicators(indicators),
        notes=clean(changes["notes"]) if "notes" in changes else evaluation.notes,
        history=[],
        pending=[],
    )


def _require_current(record: Amended) -> None:
    if record.withdrawn_at is not None:
        raise Conflict(f"it was withdrawn on {record.withdrawn_at:%Y-%m-%d}", field="status")


def _reason(reason: str) -> str:
    why = clean(reason)
    if why is None:
        raise DomainError("say why, in a few words", field="reason")
    return why


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Indicators):
        return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(value).items()}
    return value
