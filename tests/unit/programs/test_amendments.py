"""Corrections and withdrawals keep the old values and the reason, and publish only what moved."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.programs.amendments.domain import correct_enrolment, correct_evaluation, withdraw
from services.programs.monev.domain import Evaluation, Indicators, evaluate
from shared.aggregate import Conflict, DomainError
from shared.contracts.events import UkmEnrolled, UkmEvaluated
from tests.unit.programs.test_monev import enrolled

AT = datetime(2022, 7, 1, 3, tzinfo=UTC)
TODAY = date(2022, 7, 1)


def evaluation() -> Evaluation:
    found = evaluate(
        beneficiary=enrolled(),
        evaluated_on=date(2022, 6, 1),
        score=4,
        indicators=Indicators(monthly_revenue=150_000_000),
        notes="catatan",
        at=AT,
        today=TODAY,
    )
    found.pending.clear()
    return found


def correct(target: Evaluation, reason: str = "salah ketik", **changes: object) -> None:
    correct_evaluation(
        target,
        changes=dict(changes),
        enrolled_on=date(2021, 11, 1),
        today=TODAY,
        reason=reason,
        at=AT,
        by="sekretariat",
    )


def test_a_correction_keeps_the_old_value_and_publishes_the_corrected_one() -> None:
    target = evaluation()
    correct(target, indicators=Indicators(monthly_revenue=15_000_000), score=4)
    (amendment,) = target.history
    assert amendment.previous == {
        "indicators": {
            "monthly_revenue": 150_000_000,
            "employees": None,
            "digital_channels": [],
            "certifications": [],
            "marketplaces": [],
        }
    }  # the unchanged score is not listed
    (event,) = target.pending
    assert isinstance(event, UkmEvaluated) and event.monthly_revenue == 15_000_000


def test_a_correction_of_the_notes_alone_publishes_nothing() -> None:
    target = evaluation()
    correct(target, notes="catatan yang benar")
    assert target.notes == "catatan yang benar" and target.pending == []


@pytest.mark.parametrize(
    ("changes", "reason", "field"),
    [
        ({"score": 4}, "x", "score"),  # changes nothing
        ({"score": 3}, "  ", "reason"),
        ({"evaluated_on": date(2022, 7, 2)}, "x", "evaluated_on"),  # the future
        ({"evaluated_on": date(2021, 10, 1)}, "x", "evaluated_on"),  # before the enrolment
        ({"score": 6}, "x", "score"),
    ],
)
def test_a_bad_correction_is_refused(changes: dict[str, object], reason: str, field: str) -> None:
    target = evaluation()
    with pytest.raises(DomainError) as caught:
        correct(target, reason, **changes)
    assert caught.value.field == field and target.history == []


def test_a_withdrawn_record_is_neither_corrected_nor_withdrawn_again() -> None:
    target = evaluation()
    withdraw(target, reason="dua kali", at=AT, by="sekretariat")
    assert target.withdrawn_at == AT and target.withdrawal_reason == "dua kali"
    with pytest.raises(Conflict):
        correct(target, score=3)
    with pytest.raises(Conflict):
        withdraw(target, reason="lagi", at=AT, by="sekretariat")
    assert [a.kind for a in target.history] == ["withdrawal"]


def test_an_enrolment_date_is_corrected_but_not_past_its_first_evaluation() -> None:
    beneficiary = enrolled()
    beneficiary.pending.clear()
    arguments: dict[str, Any] = {"today": TODAY, "reason": "SK", "at": AT, "by": "sekretariat"}
    with pytest.raises(DomainError):
        correct_enrolment(
            beneficiary,
            enrolled_on=date(2022, 2, 1),
            first_evaluated_on=date(2022, 1, 5),
            **arguments,
        )
    correct_enrolment(
        beneficiary,
        enrolled_on=date(2021, 10, 15),
        first_evaluated_on=date(2022, 1, 5),
        **arguments,
    )
    assert beneficiary.history[0].previous == {"enrolled_on": "2021-11-01"}
    (event,) = beneficiary.pending
    assert isinstance(event, UkmEnrolled) and event.enrolled_on == date(2021, 10, 15)
