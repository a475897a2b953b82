"""Work programs: lifecycle, approval, frozen plans, KPI progress, attendance once per event."""

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from services.programs.domain import (
    BudgetLine,
    Kpi,
    Program,
    count_attendance,
    create_program,
    record_progress,
)
from services.programs.views import TermView
from shared.aggregate import Conflict, DomainError, NotFound
from shared.contracts.events import ProgramApproved, ProgramCompleted

AT = datetime(2021, 11, 1, 2, 0, tzinfo=UTC)
TERM = TermView(
    term_id="term-3375-2021",
    council="33.75",
    status="inaugurated",
    period_start=date(2021, 10, 26),
    period_end=date(2026, 10, 25),
)


def line(**fields: Any) -> BudgetLine:
    """A budget line as given, unchecked (its types included): the domain checks it."""
    return BudgetLine(**fields)


def a_program(**overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "council": "33.75",
        "term_id": TERM.term_id,
        "title": "Pelatihan UMKM batik",
        "category": "training",
        "bidang": "Bidang Pelatihan",
        "planned_start": date(2021, 11, 1),
        "planned_end": date(2021, 12, 31),
        "kpis": [Kpi(key="participants", name="Peserta pelatihan", unit="orang", target=100)],
        "budget": [BudgetLine(source="APBD", amount=60_000_000)],
        "at": AT,
    }
    fields.update(overrides)
    return create_program(**fields)


def approved(**overrides: Any) -> Program:
    program = a_program(**overrides)
    program.approve(term=TERM, at=AT)
    return program


def test_a_new_program_is_a_draft_with_its_plan() -> None:
    program = a_program(program_id="p-1")
    assert (program.id, program.status, program.budget_total) == ("p-1", "draft", 60_000_000)
    assert program.pending == []


def test_ids_default_to_fresh_hex_strings() -> None:
    first, second = a_program(), a_program()
    assert first.id != second.id and len(first.id) == 32


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_end": date(2021, 10, 1)}, "planned_end"),
        ({"title": "  "}, "title"),
        ({"category": "gardening"}, "category"),
        ({"kpis": [Kpi(key="x", name="X", unit="u", target=-1)]}, "kpis[0].target"),
        ({"kpis": [Kpi(key="Bad Key", name="X", unit="u", target=1)]}, "kpis[0].key"),
        (
            {"kpis": [Kpi(key="a", name="A", unit="u", target=1)] * 2},
            "kpis[1].key",
        ),
        ({"budget": [BudgetLine(source="APBD", amount=-5)]}, "budget[0].amount"),
        ({"budget": [line(source="APBD", amount=1.5)]}, "budget[0].amount"),
        ({"budget": [line(source="loan", amount=5)]}, "budget[0].source"),
    ],
)
def test_an_invalid_plan_is_refused_naming_the_field(
    overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        a_program(**overrides)
    assert caught.value.field == field and caught.value.status == 422


def test_the_full_lifecycle_publishes_approval_and_completion() -> None:
    program = approved()
    program.start(at=AT + timedelta(days=1))
    program.complete(at=AT + timedelta(days=60), final_actuals={"participants": 96})

    approval, completion = program.pending
    assert isinstance(approval, ProgramApproved) and isinstance(completion, ProgramCompleted)
    assert approval.council == "33.75" and approval.term_id == TERM.term_id
    assert approval.budget[0].amount == 60_000_000 and approval.kpis[0].target == 100
    assert completion.kpis[0].actual == 96 and program.status == "completed"
    assert completion.completed_at == AT + timedelta(days=60)


def test_an_approved_program_may_be_completed_without_a_recorded_start() -> None:
    program = approved()
    program.complete(at=AT)
    assert program.status == "completed" and program.started_at is None


@pytest.mark.parametrize(
    ("steps", "action"),
    [
        ([], "start"),
        ([], "complete"),
        (["approve"], "approve"),
        (["approve", "start"], "start"),
        (["approve", "complete"], "cancel"),
        (["cancel"], "approve"),
        (["approve", "cancel"], "start"),
    ],
)
def test_a_wrong_transition_is_a_conflict_on_status(steps: list[str], action: str) -> None:
    program = a_program()
    actions = {
        "approve": lambda: program.approve(term=TERM, at=AT),
        "start": lambda: program.start(at=AT),
        "complete": lambda: program.complete(at=AT),
        "cancel": lambda: program.cancel(at=AT),
    }
    for step in steps:
        actions[step]()
    before = program.status
    with pytest.raises(Conflict) as caught:
        actions[action]()
    assert caught.value.field == "status" and program.status == before


@pytest.mark.parametrize("steps", [[], ["approve"], ["approve", "start"]])
def test_cancelling_is_allowed_until_completion(steps: list[str]) -> None:
    program = a_program()
    if steps:
        program.approve(term=TERM, at=AT)
    if "start" in steps:
        program.start(at=AT)
    program.cancel(at=AT, reason="  anggaran dialihkan ")
    assert (program.status, program.cancel_reason) == ("cancelled", "anggaran dialihkan")


def test_approval_needs_a_kpi() -> None:
    program = a_program(kpis=[])
    with pytest.raises(DomainError) as caught:
        program.approve(term=TERM, at=AT)
    assert caught.value.field == "kpis" and program.status == "draft" and not program.pending


@pytest.mark.parametrize(
    ("term", "error"),
    [
        (None, DomainError),
        (TermView(**{**TERM.__dict__, "term_id": "other"}), DomainError),
        (TermView(**{**TERM.__dict__, "council": "17"}), DomainError),
        (replace(TERM, status="ended"), Conflict),
    ],
)
def test_approval_needs_the_programs_inaugurated_term(
    term: TermView | None, error: type[DomainError]
) -> None:
    program = a_program()
    with pytest.raises(error) as caught:
        program.approve(term=term, at=AT)
    assert caught.value.field == "term_id" and program.status == "draft"


def test_timestamps_must_be_aware_and_are_kept_in_utc() -> None:
    program = a_program()
    with pytest.raises(DomainError) as caught:
        program.approve(term=TERM, at=datetime(2021, 11, 1, 9, 0))
    assert caught.value.field == "at"
    program.approve(term=TERM, at=datetime(2021, 11, 1, 9, 0, tzinfo=timezone(timedelta(hours=7))))
    assert program.approved_at == datetime(2021, 11, 1, 2, 0, tzinfo=UTC)


def test_a_draft_can_be_edited_and_unnamed_fields_keep_their_value() -> None:
    program = a_program()
    program.edit(
        at=AT,
        title="Pelatihan UMKM batik dan tenun",
        bidang=None,
        budget=[BudgetLine(source="APBD", amount=50_000_000), BudgetLine(source="CSR", amount=10)],
    )
    assert program.title == "Pelatihan UMKM batik dan tenun" and program.bidang is None
    assert program.budget_total == 50_000_010 and program.kpis[0].key == "participants"
    assert program.planned_end == date(2021, 12, 31)


def test_an_edit_that_breaks_a_rule_changes_nothing() -> None:
    program = a_program()
    with pytest.raises(DomainError) as caught:
        program.edit(title="Baru", planned_start=date(2022, 3, 1), at=AT)
    assert caught.value.field == "planned_end" and program.title == "Pelatihan UMKM batik"


@pytest.mark.parametrize(
    "change",
    [
        {"kpis": []},
        {"budget": [BudgetLine(source="CSR", amount=1)]},
        {"title": "Lain"},
    ],
)
def test_the_plan_is_frozen_after_draft(change: dict[str, Any]) -> None:
    program = approved()
    with pytest.raises(Conflict) as caught:
        program.edit(**change, at=AT)
    assert caught.value.field == "status" and program.budget_total == 60_000_000


def test_progress_adds_an_amount_or_sets_the_actual() -> None:
    program = approved()
    assert record_progress(program, key="participants", amount=30, at=AT).actual == 30
    program.start(at=AT)
    assert record_progress(program, key="participants", amount=12.5, at=AT).actual == 42.5
    assert record_progress(program, key="participants", actual=40, at=AT).actual == 40


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"key": "visits", "amount": 1}, NotFound, "key"),
        ({"key": "participants", "amount": -1}, DomainError, "amount"),
        ({"key": "participants", "actual": -1}, DomainError, "actual"),
        ({"key": "participants"}, DomainError, "amount"),
        ({"key": "participants", "amount": 1, "actual": 1}, DomainError, "amount"),
    ],
)
def test_bad_progress_is_refused(
    kwargs: dict[str, Any], error: type[DomainError], field: str
) -> None:
    program = approved()
    with pytest.raises(error) as caught:
        record_progress(program, **kwargs, at=AT)
    assert caught.value.field == field and program.kpis[0].actual == 0


def test_progress_is_refused_outside_approved_and_in_progress() -> None:
    with pytest.raises(Conflict) as caught:
        record_progress(a_program(), key="participants", amount=1, at=AT)
    assert caught.value.field == "status"


def test_final_actuals_must_name_known_kpis_and_be_valid() -> None:
    program = approved()
    with pytest.raises(DomainError) as caught:
        program.complete(at=AT, final_actuals={"visits": 3})
    assert caught.value.field == "final_actuals.visits" and program.status == "approved"
    with pytest.raises(DomainError):
        program.complete(at=AT, final_actuals={"participants": -3})
    assert program.pending[-1].topic == "program.approved"


def test_attendance_is_counted_once_per_event() -> None:
    program = approved()
    assert count_attendance(program, event_id="ev-1", attendance=35, at=AT) is True
    assert count_attendance(program, event_id="ev-1", attendance=35, at=AT) is False
    assert count_attendance(program, event_id="ev-1", attendance=99, at=AT) is False
    assert program.kpi("participants").actual == 35
    assert program.counted_event_ids == {"ev-1"}


@pytest.mark.parametrize(
    "order", list(itertools.permutations([("ev-1", 35), ("ev-2", 20), ("ev-3", 12), ("ev-1", 35)]))
)
def test_attendance_adds_up_the_same_in_any_order_with_redeliveries(
    order: tuple[tuple[str, int], ...],
) -> None:
    program = approved()
    program.start(at=AT)
    for event_id, attendance in order:
        count_attendance(program, event_id=event_id, attendance=attendance, at=AT)
    assert program.kpi("participants").actual == 67


def test_without_a_participant_kpi_the_event_is_only_remembered() -> None:
    program = approved(kpis=[Kpi(key="exhibitors", name="UMKM peserta", unit="UMKM", target=20)])
    assert count_attendance(program, event_id="ev-1", attendance=40, at=AT) is True
    assert program.kpi("exhibitors").actual == 0 and program.counted_event_ids == {"ev-1"}
    assert count_attendance(program, event_id="ev-1", attendance=40, at=AT) is False


@pytest.mark.parametrize("close", ["complete", "cancel"])
def test_a_closed_program_ignores_late_attendance(close: str) -> None:
    program = approved()
    getattr(program, close)(at=AT)
    assert count_attendance(program, event_id="ev-9", attendance=10, at=AT) is False
    assert program.kpi("participants").actual == 0 and not program.counted_event_ids


def test_negative_attendance_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        count_attendance(approved(), event_id="ev-1", attendance=-1, at=AT)
    assert caught.value.field == "attendance"
