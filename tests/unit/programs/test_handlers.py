"""Use cases of programs and work plans on the in-memory fakes: scope, clock, events, once-only."""

from datetime import UTC, date, datetime

import pytest

from services.programs import handlers
from services.programs.domain import KpiPoint
from services.programs.ports import ProgramQuery
from services.programs.schemas import ProgramCreate
from services.programs.views import TermView
from services.programs.workplan import handlers as workplan
from shared.aggregate import DomainError, Forbidden
from shared.auth import Caller
from shared.contracts import EventConcluded, ProgramApproved, ProgramCompleted, TermInaugurated
from shared.contracts.envelope import Envelope
from shared.messaging import Delivery, PermanentError
from tests.fakes.programs import NOW, FakePlanning, planning

CITY = "33.75"
TERM = TermView(
    term_id="term-3375",
    council=CITY,
    status="inaugurated",
    period_start=date(2021, 10, 26),
    period_end=date(2026, 10, 25),
)
SECRETARIAT = Caller(sub="sekretariat", region=CITY, roles=frozenset({"secretariat"}))
KPIS = [
    {"key": "participants", "name": "Peserta", "unit": "orang", "target": 60},
    {"key": "visits", "name": "Kunjungan", "unit": "kali", "target": 4, "measure": "manual"},
]


def uow(region: str = "33") -> FakePlanning:
    return planning(region, terms=[TERM])


async def running(u: FakePlanning) -> str:
    body = ProgramCreate.model_validate(
        {"council": CITY, "term_id": TERM.term_id, "title": "Pelatihan", "category": "training"}
        | {"kpis": KPIS}
    )
    program = await handlers.create_program(
        u, caller=SECRETARIAT, council=CITY, term_id=TERM.term_id, plan=body.plan()
    )
    await handlers.approve_program(u, caller=SECRETARIAT, program_id=program.id)
    return program.id


def concluded(program_id: str, attendance: int, council: str = CITY) -> EventConcluded:
    return EventConcluded(
        council=council,
        event_id=f"ev-{attendance}",
        type="training",
        program_id=program_id,
        held_at=datetime(2021, 11, 10, 2, tzinfo=UTC),
        ended_at=datetime(2021, 11, 10, 9, tzinfo=UTC),
        attendance=attendance,
    )


async def test_a_program_is_drafted_only_within_the_deployment_and_the_callers_scope() -> None:
    u = uow("17")
    with pytest.raises(DomainError) as caught:
        await running(u)
    assert caught.value.field == "council" and not u.programs.items
    bengkulu = Caller(sub="x", region="17", roles=frozenset({"secretariat"}))
    with pytest.raises(Forbidden):
        await handlers.create_program(
            uow(), caller=bengkulu, council=CITY, term_id=TERM.term_id, plan={}
        )


async def test_approval_publishes_the_plan_and_completion_the_finals_at_the_clock() -> None:
    u = uow()
    program_id = await running(u)
    done = await handlers.complete_program(
        u, caller=SECRETARIAT, program_id=program_id, final_actuals={"visits": 4}
    )
    assert [type(e) for e in u.programs.published] == [ProgramApproved, ProgramCompleted]
    assert done.completed_at == NOW and done.revision == 3
    assert done.kpi("visits").history == [KpiPoint(at=NOW, actual=4)]


async def test_progress_by_hand_joins_the_history_at_the_units_clock() -> None:
    times = iter([NOW, NOW, datetime(2022, 3, 2, tzinfo=UTC), datetime(2022, 3, 3, tzinfo=UTC)])
    u = planning("33", terms=[TERM], clock=lambda: next(times))
    program_id = await running(u)
    for body in ({"amount": 1.0, "actual": None}, {"amount": None, "actual": 3.0}):
        await handlers.record_progress(
            u, caller=SECRETARIAT, program_id=program_id, key="visits", **body
        )
    stored = await u.programs.get(program_id)
    assert stored is not None and stored.kpi("visits").history == [
        KpiPoint(at=datetime(2022, 3, 2, tzinfo=UTC), actual=1),
        KpiPoint(at=datetime(2022, 3, 3, tzinfo=UTC), actual=3),
    ]


async def test_attendance_counts_once_and_refuses_another_councils_program() -> None:
    u = uow()
    program_id = await running(u)
    assert await handlers.count_attendance(u, concluded=concluded(program_id, 25)) is True
    assert await handlers.count_attendance(u, concluded=concluded(program_id, 25)) is False
    assert await handlers.count_attendance(u, concluded=concluded("unknown", 9)) is False
    with pytest.raises(PermanentError):
        await handlers.count_attendance(u, concluded=concluded(program_id, 7, council="33.01"))
    stored = await u.programs.get(program_id)
    assert stored is not None and stored.kpi("participants").history == [
        KpiPoint(at=NOW, actual=25)
    ]


async def test_a_list_outside_the_callers_scope_is_empty() -> None:
    u = uow()
    await running(u)
    mine = ProgramQuery(scope=CITY, council=CITY)
    assert (await handlers.list_programs(u, caller=SECRETARIAT, query=mine, skip=0, limit=10))[1]
    elsewhere = ProgramQuery(scope=CITY, council="17")
    found = await handlers.list_programs(u, caller=SECRETARIAT, query=elsewhere, skip=0, limit=9)
    assert found == ([], 0)


def delivery(event: TermInaugurated) -> Delivery:
    envelope = Envelope(
        type=event.topic,
        source="/dekranasda/ID/membership",
        subject=event.subject,
        dataschema=event.dataschema(),
        region=event.council,
    )
    return Delivery(envelope=envelope, event=event)


async def test_term_events_open_one_work_plan_per_inaugurated_term_of_the_deployment() -> None:
    u = planning("33")
    inaugurated = TermInaugurated(
        council=CITY,
        term_id="term-new",
        period_start=date(2026, 10, 26),
        period_end=date(2031, 10, 25),
        inaugurated_at=datetime(2026, 10, 26, 3, tzinfo=UTC),
    )
    elsewhere = inaugurated.model_copy(update={"council": "17", "term_id": "term-17"})
    batch = [delivery(inaugurated), delivery(inaugurated), delivery(elsewhere)]
    await workplan.keep_terms(u, batch=batch)
    await workplan.keep_terms(u, batch=batch)
    assert list(u.work_plans.items) == ["term-new"] and u.work_plans.items["term-new"].revision == 1
    assert await u.terms.view("term-17") is not None  # the read model keeps every term
