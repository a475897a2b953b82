"""Use cases of UKM binaan and monev on the in-memory fakes: names, the clock, exports, scope."""

from datetime import UTC, date, datetime

import pytest

from services.programs import handlers
from services.programs.amendments import handlers as amendments
from services.programs.monev import handlers as monev
from services.programs.monev.domain import Indicators
from services.programs.schemas import ProgramCreate
from services.programs.views import TermView
from shared.aggregate import DomainError, NotFound
from shared.auth import Caller
from shared.contracts import UkmEnrolled, UkmEvaluated
from shared.views import MemberView
from tests.fakes.programs import NOW, FakePlanning, planning

CITY = "33.75"
TERM = TermView(
    term_id="term-3375",
    council=CITY,
    status="inaugurated",
    period_start=date(2021, 10, 26),
    period_end=date(2026, 10, 25),
)
BATIK = MemberView(member_id="m-batik", council=CITY, kind="business", name="Batik", revision=1)
PERSON = MemberView(member_id="m-ibu", council=CITY, kind="person", name="Ibu Ani", revision=1)
SECRETARIAT = Caller(sub="sekretariat", region=CITY, roles=frozenset({"secretariat"}))


async def monev_program() -> tuple[FakePlanning, str]:
    u = planning("33", terms=[TERM], members=[BATIK, PERSON])
    body = ProgramCreate.model_validate(
        {"council": CITY, "term_id": TERM.term_id, "title": "Monev", "category": "monev"}
        | {"kpis": [{"key": "ukm", "name": "UKM", "unit": "UKM", "target": 10}]}
    )
    program = await handlers.create_program(
        u, caller=SECRETARIAT, council=CITY, term_id=TERM.term_id, plan=body.plan()
    )
    await handlers.approve_program(u, caller=SECRETARIAT, program_id=program.id)
    return u, program.id


async def evaluate(u: FakePlanning, program_id: str, on: date) -> str:
    found = await monev.record_evaluation(
        u,
        caller=SECRETARIAT,
        program_id=program_id,
        member_id=BATIK.member_id,
        evaluated_on=on,
        score=4,
        indicators=Indicators(monthly_revenue=5_000_000),
        notes=None,
    )
    assert found.member_name == "Batik" and found.record.recorded_at == NOW
    return found.record.id


async def test_an_enrolment_is_named_and_dated_today_at_the_council_by_the_clock() -> None:
    u, program_id = await monev_program()
    found = await monev.enrol_business(
        u, caller=SECRETARIAT, program_id=program_id, member_id=BATIK.member_id, enrolled_on=None
    )
    assert (found.member_name, found.record.enrolled_on) == ("Batik", NOW.date())
    assert [type(e) for e in u.beneficiaries.published] == [UkmEnrolled]
    with pytest.raises(DomainError):  # a person is no business
        await monev.enrol_business(
            u,
            caller=SECRETARIAT,
            program_id=program_id,
            member_id=PERSON.member_id,
            enrolled_on=None,
        )


async def test_evaluations_are_listed_named_exported_and_withdrawn_at_the_clock() -> None:
    u, program_id = await monev_program()
    await monev.enrol_business(
        u,
        caller=SECRETARIAT,
        program_id=program_id,
        member_id=BATIK.member_id,
        enrolled_on=date(2022, 1, 3),
    )
    first = await evaluate(u, program_id, date(2022, 1, 10))
    await evaluate(u, program_id, date(2022, 2, 10))
    assert [type(e) for e in u.evaluations.published] == [UkmEvaluated, UkmEvaluated]
    page, total = await monev.program_evaluations(
        u, caller=SECRETARIAT, program_id=program_id, skip=0, limit=10
    )
    assert total == 2 and [n.record.evaluated_on.month for n in page] == [2, 1]
    program, rows = await monev.monev_export(u, caller=SECRETARIAT, program_id=program_id)
    exported = [(row.record["_id"], row.member_name) async for row in rows]
    assert program.id == program_id and sorted(exported) == sorted(
        (n.record.id, "Batik") for n in page
    )
    withdrawn = await amendments.withdraw_evaluation(
        u, caller=SECRETARIAT, evaluation_id=first, reason="dua kali"
    )
    assert withdrawn.withdrawn_at == NOW


async def test_the_evaluations_of_an_unknown_business_are_not_found() -> None:
    u, _ = await monev_program()
    with pytest.raises(NotFound):
        await monev.member_evaluations(u, caller=SECRETARIAT, member_id="m-unknown")
    found = await monev.member_evaluations(u, caller=SECRETARIAT, member_id=BATIK.member_id)
    assert found.member_name == "Batik" and found.record.evaluations == []


def test_today_at_the_council_follows_its_time_zone() -> None:
    late = datetime(2022, 3, 1, 18, 30, tzinfo=UTC)  # 01:30 the next day in WIB (UTC+7)
    assert monev.today_in(CITY, now=late) == date(2022, 3, 2)
