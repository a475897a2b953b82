"""Assisted businesses (UKM binaan): enrolment rules, evaluations (monev), progress over time."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.programs.domain import Kpi, Program, create_program
from services.programs.monev.domain import (
    Beneficiary,
    Evaluation,
    Indicators,
    enrol,
    evaluate,
    progress,
)
from services.programs.views import TermView
from shared.aggregate import Conflict, DomainError
from shared.contracts.events import UkmEnrolled, UkmEvaluated
from shared.views import MemberView

AT = datetime(2021, 11, 1, tzinfo=UTC)
TERM = TermView(
    term_id="term-33",
    council="33",
    status="inaugurated",
    period_start=date(2021, 1, 1),
    period_end=date(2024, 12, 31),
)
BATIK = MemberView(
    member_id="m-batik", council="33.75", kind="business", name="Batik Jetayu", revision=1
)


def monev_program(status: str = "approved", council: str = "33") -> Program:
    program = create_program(
        council=council,
        term_id=TERM.term_id,
        title="Monev UKM binaan",
        category="monev",
        kpis=[Kpi(key="ukm_evaluated", name="UKM dievaluasi", unit="UKM", target=25)],
        program_id="monev",
        at=AT,
    )
    if status != "draft":
        program.approve(term=replace(TERM, council=council), at=AT)
    if status in ("in_progress", "completed"):
        program.start(at=AT)
    if status == "completed":
        program.complete(at=AT)
    if status == "cancelled":
        program.cancel(at=AT)
    return program


def enrolled(on: date = date(2021, 11, 1)) -> Beneficiary:
    return enrol(program=monev_program(), member=BATIK, enrolled_on=on)


def test_enrolling_a_business_of_a_council_below_records_ukm_enrolled() -> None:
    beneficiary = enrol(program=monev_program(), member=BATIK, enrolled_on=date(2021, 11, 1))
    (event,) = beneficiary.pending
    assert isinstance(event, UkmEnrolled)
    assert (event.council, event.program_id, event.member_id) == ("33", "monev", "m-batik")
    assert beneficiary.council == "33" and event.enrolled_on == date(2021, 11, 1)


def test_a_business_of_the_same_council_may_enrol_while_in_progress() -> None:
    member = MemberView(member_id="m-2", council="33.75", kind="business", name="X", revision=3)
    beneficiary = enrol(
        program=monev_program("in_progress", council="33.75"),
        member=member,
        enrolled_on=date(2021, 11, 2),
    )
    assert beneficiary.member_id == "m-2"


@pytest.mark.parametrize(
    "member",
    [
        None,
        MemberView(member_id="m-p", council="33.75", kind="person", name="Ibu Ketua", revision=1),
        MemberView(member_id="m-x", council="17.71", kind="business", name="Besurek", revision=1),
    ],
)
def test_only_a_known_business_in_scope_can_enrol(member: MemberView | None) -> None:
    with pytest.raises(DomainError) as caught:
        enrol(program=monev_program(), member=member, enrolled_on=date(2021, 11, 1))
    assert caught.value.field == "member_id" and caught.value.status == 422


def test_a_business_of_the_council_above_is_outside_a_city_program() -> None:
    provincial = MemberView(member_id="m-j", council="33", kind="business", name="J", revision=1)
    with pytest.raises(DomainError):
        enrol(
            program=monev_program(council="33.75"), member=provincial, enrolled_on=date(2021, 11, 1)
        )


def test_enrolling_twice_is_a_conflict() -> None:
    first = enrolled()
    with pytest.raises(Conflict) as caught:
        enrol(program=monev_program(), member=BATIK, enrolled_on=date(2021, 12, 1), existing=first)
    assert caught.value.field == "member_id"


@pytest.mark.parametrize("status", ["draft", "completed", "cancelled"])
def test_enrolment_needs_an_approved_or_running_program(status: str) -> None:
    with pytest.raises(Conflict) as caught:
        enrol(program=monev_program(status), member=BATIK, enrolled_on=date(2021, 11, 1))
    assert caught.value.field == "status"


def test_an_evaluation_records_ukm_evaluated_without_the_notes() -> None:
    evaluation = evaluate(
        beneficiary=enrolled(),
        evaluated_on=date(2021, 12, 15),
        score=3,
        indicators=Indicators(
            monthly_revenue=12_500_000,
            employees=4,
            digital_channels=("instagram", " instagram ", "whatsapp"),
            certifications=("Halal", "sni", "HKI", "halal"),
            marketplaces=("Tokopedia",),
        ),
        notes="Pemilik minta pendampingan foto produk; hubungi 0812xxxx",
        at=AT,
        evaluation_id="ev-1",
    )
    (event,) = evaluation.pending
    assert isinstance(event, UkmEvaluated)
    assert (event.evaluation_id, event.council, event.score) == ("ev-1", "33", 3)
    assert event.monthly_revenue == 12_500_000 and event.employees == 4
    assert event.certifications == ["halal", "SNI", "HKI"]
    assert event.digital_channels == ["instagram", "whatsapp"]
    assert "notes" not in event.model_dump() and evaluation.notes is not None


@pytest.mark.parametrize("score", [0, 6, -1, True])
def test_the_score_runs_from_1_to_5(score: int) -> None:
    with pytest.raises(DomainError) as caught:
        evaluate(
            beneficiary=enrolled(),
            evaluated_on=date(2021, 12, 1),
            score=score,
            indicators=Indicators(),
            at=AT,
        )
    assert caught.value.field == "score"


@pytest.mark.parametrize("score", [1, 5])
def test_the_score_bounds_are_accepted(score: int) -> None:
    evaluation = evaluate(
        beneficiary=enrolled(),
        evaluated_on=date(2021, 12, 1),
        score=score,
        indicators=Indicators(),
        at=AT,
    )
    assert evaluation.score == score


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"beneficiary": None}, "member_id"),
        ({"evaluated_on": date(2021, 10, 1)}, "evaluated_on"),
        ({"indicators": Indicators(monthly_revenue=-1)}, "indicators.monthly_revenue"),
        ({"indicators": Indicators(employees=-2)}, "indicators.employees"),
        ({"at": datetime(2021, 12, 1)}, "at"),
    ],
)
def test_an_invalid_evaluation_is_refused(kwargs: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {
        "beneficiary": enrolled(),
        "evaluated_on": date(2021, 12, 1),
        "score": 3,
        "indicators": Indicators(),
        "at": AT,
    }
    with pytest.raises(DomainError) as caught:
        evaluate(**{**arguments, **kwargs})
    assert caught.value.field == field


def visit(on: date, score: int, revenue: int | None, employees: int | None) -> Evaluation:
    return evaluate(
        beneficiary=enrolled(),
        evaluated_on=on,
        score=score,
        indicators=Indicators(monthly_revenue=revenue, employees=employees),
        at=AT + timedelta(days=(on - date(2021, 11, 1)).days),
    )


def test_progress_orders_by_date_and_measures_first_to_last() -> None:
    baseline = visit(date(2021, 11, 1), 2, 8_000_000, 3)
    middle = visit(date(2022, 5, 1), 3, None, 4)
    latest = visit(date(2022, 11, 1), 4, 14_000_000, 6)
    result = progress([latest, baseline, middle])
    assert [e.evaluated_on for e in result.evaluations] == [
        date(2021, 11, 1),
        date(2022, 5, 1),
        date(2022, 11, 1),
    ]
    assert (result.revenue_change, result.employees_change, result.score_change) == (
        6_000_000,
        3,
        2,
    )


def test_progress_skips_visits_that_did_not_measure_an_indicator() -> None:
    result = progress(
        [visit(date(2022, 1, 1), 3, None, 5), visit(date(2022, 6, 1), 2, 9_000_000, 4)]
    )
    assert result.revenue_change is None  # only one visit measured revenue
    assert (result.employees_change, result.score_change) == (-1, -1)


def test_progress_of_no_evaluations_is_empty() -> None:
    result = progress([])
    assert result.evaluations == [] and result.revenue_change is None
