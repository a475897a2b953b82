"""A KPI keeps a dated history of its actual: each change appends a point, bounded, oldest first."""

from datetime import UTC, date, datetime, timedelta

from services.programs.domain import (
    HISTORY_LIMIT,
    Kpi,
    KpiPoint,
    Program,
    count_attendance,
    create_program,
    record_progress,
)
from services.programs.migrations import MIGRATIONS
from services.programs.schemas import ProgramPublic
from services.programs.views import TermView

T0 = datetime(2021, 11, 1, 2, tzinfo=UTC)
TERM = TermView(
    term_id="term-1",
    council="33.75",
    status="inaugurated",
    period_start=date(2021, 10, 26),
    period_end=date(2026, 10, 25),
)


def running(*kpis: Kpi) -> Program:
    program = create_program(
        council="33.75", term_id="term-1", title="Pelatihan", category="training", kpis=kpis, at=T0
    )
    program.approve(term=TERM, at=T0)
    return program


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_manual_progress_and_attendance_append_points_in_order() -> None:
    program = running(
        Kpi(key="participants", name="Peserta", unit="orang", target=100),
        Kpi(key="visits", name="Kunjungan", unit="kali", target=4, measure="manual"),
    )
    record_progress(program, key="visits", amount=1, at=at(1))
    record_progress(program, key="visits", actual=3, at=at(2))
    count_attendance(program, event_id="ev-1", attendance=25, at=at(3))
    assert program.kpi("visits").history == [
        KpiPoint(at=at(1), actual=1),
        KpiPoint(at=at(2), actual=3),
    ]
    assert program.kpi("participants").history == [KpiPoint(at=at(3), actual=25)]


def test_a_recording_that_changes_nothing_adds_no_point() -> None:
    program = running(Kpi(key="visits", name="Kunjungan", unit="kali", target=4))
    record_progress(program, key="visits", actual=2, at=at(1))
    record_progress(program, key="visits", actual=2, at=at(2))
    record_progress(program, key="visits", amount=0, at=at(3))
    assert [p.at for p in program.kpi("visits").history] == [at(1)]


def test_final_actuals_join_the_history() -> None:
    program = running(Kpi(key="visits", name="Kunjungan", unit="kali", target=4))
    program.complete(at=at(9), final_actuals={"visits": 4})
    assert program.kpi("visits").history == [KpiPoint(at=at(9), actual=4)]


def test_the_history_keeps_the_last_points_only() -> None:
    program = running(Kpi(key="visits", name="Kunjungan", unit="kali", target=1000))
    for minute in range(HISTORY_LIMIT + 5):
        record_progress(program, key="visits", amount=1, at=at(minute))
    history = program.kpi("visits").history
    assert len(history) == HISTORY_LIMIT == 366
    assert history[0] == KpiPoint(at=at(5), actual=6) and history[-1].actual == HISTORY_LIMIT + 5


def test_a_planned_actual_starts_the_history_and_an_edit_carries_it() -> None:
    program = create_program(
        council="33.75",
        term_id="term-1",
        title="Pelatihan",
        category="training",
        kpis=[Kpi(key="visits", name="Kunjungan", unit="kali", target=4, actual=1)],
        at=T0,
    )
    assert program.kpi("visits").history == [KpiPoint(at=T0, actual=1)]
    program.edit(
        kpis=[Kpi(key="visits", name="Kunjungan", unit="kali", target=5, actual=1)], at=at(1)
    )
    assert program.kpi("visits").history == [KpiPoint(at=T0, actual=1)]
    program.edit(
        kpis=[Kpi(key="visits", name="Kunjungan", unit="kali", target=5, actual=2)], at=at(2)
    )
    assert [p.actual for p in program.kpi("visits").history] == [1, 2]


def test_the_api_shows_the_history_oldest_first() -> None:
    program = running(Kpi(key="visits", name="Kunjungan", unit="kali", target=4))
    record_progress(program, key="visits", actual=1, at=at(1))
    record_progress(program, key="visits", actual=2, at=at(2))
    shown = ProgramPublic.of(program).model_dump(mode="json")["kpis"][0]["history"]
    assert shown == [
        {"at": "2021-11-01T02:01:00Z", "actual": 1.0},
        {"at": "2021-11-01T02:02:00Z", "actual": 2.0},
    ]


def test_the_migration_gives_a_reached_kpi_without_history_one_point_at_the_last_save() -> None:
    (migration,) = MIGRATIONS
    saved = datetime(2023, 5, 2, 7, tzinfo=UTC)
    point = {"at": at(1), "actual": 3}
    doc = {
        "_id": "p-1",
        "updated_at": saved,
        "kpis": [
            {"key": "participants", "actual": 40},
            {"key": "visits", "actual": 0},
            {"key": "sales", "actual": 3, "history": [point]},
        ],
    }
    assert migration.collection == "programs" and migration.version == 2
    assert migration.upgrade(doc) == {
        "kpis": [
            {"key": "participants", "actual": 40, "history": [{"at": saved, "actual": 40}]},
            {"key": "visits", "actual": 0},
            {"key": "sales", "actual": 3, "history": [point]},
        ]
    }
