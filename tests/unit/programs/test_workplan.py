"""Work plans: opened once per inaugurated term; the summary of the seeds' programs."""

from datetime import UTC, date, datetime
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
from services.programs.workplan.domain import WorkPlan, open_work_plan
from services.programs.workplan.summary import summarise
from shared.contracts.events import TermInaugurated

BENGKULU_INAUGURATED = TermInaugurated(
    council="17",
    term_id="term-17-2021",
    period_start=date(2021, 3, 23),
    period_end=date(2024, 3, 22),
    inaugurated_at=datetime(2021, 3, 23, 3, 0, tzinfo=UTC),
    event_id="rakerda-bengkulu-2021",
)
PEKALONGAN_INAUGURATED = TermInaugurated(
    council="33.75",
    term_id="term-3375-2021",
    period_start=date(2021, 10, 26),
    period_end=date(2026, 10, 25),
    inaugurated_at=datetime(2021, 10, 26, 2, 0, tzinfo=UTC),
)
AT = datetime(2021, 11, 1, tzinfo=UTC)


def term_of(event: TermInaugurated) -> TermView:
    """The term view programs keeps after this inauguration."""
    return TermView(
        term_id=event.term_id,
        council=event.council,
        status="inaugurated",
        period_start=event.period_start,
        period_end=event.period_end,
    )


def approved(program: Program, term: TermView) -> Program:
    program.approve(term=term, at=AT)
    return program


def bengkulu_programs() -> list[Program]:
    """The three main programs the 2021 Rakerda formulated for 2021-2024."""
    term = term_of(BENGKULU_INAUGURATED)
    common: dict[str, Any] = {
        "council": "17",
        "term_id": term.term_id,
        "origin_event_id": "rakerda-bengkulu-2021",
        "at": AT,
    }
    period: dict[str, Any] = {"planned_start": date(2021, 4, 1), "planned_end": date(2024, 3, 22)}
    return [
        approved(
            create_program(
                **common,
                **period,
                title="Daya saing produk pengrajin berbasis kearifan lokal melalui inovasi",
                category="product_competitiveness",
                kpis=[Kpi(key="new_products", name="Produk inovatif", unit="produk", target=40)],
                budget=[BudgetLine(source="APBD", amount=150_000_000)],
            ),
            term,
        ),
        approved(
            create_program(
                **common,
                **period,
                title="UKM go digital dan perluasan akses jaringan pemasaran",
                category="digitalisation",
                kpis=[Kpi(key="ukm_online", name="UKM di marketplace", unit="UKM", target=100)],
                budget=[
                    BudgetLine(source="APBD", amount=100_000_000),
                    BudgetLine(source="APBN", amount=50_000_000),
                ],
            ),
            term,
        ),
        approved(
            create_program(
                **common,
                **period,
                title="Kemitraan dan kerja sama dengan lembaga kerajinan terkait",
                category="partnership",
                kpis=[Kpi(key="partners", name="Mitra", unit="lembaga", target=10)],
                budget=[BudgetLine(source="CSR", amount=50_000_000)],
            ),
            term,
        ),
    ]


def pekalongan_programs() -> list[Program]:
    """UMKM training, exhibitions and the new monev, funded from APBD and beyond."""
    term = term_of(PEKALONGAN_INAUGURATED)
    common: dict[str, Any] = {"council": "33.75", "term_id": term.term_id, "at": AT}
    training = create_program(
        **common,
        program_id="pelatihan",
        title="Pelatihan UMKM",
        category="training",
        bidang="Bidang Pelatihan dan Pengembangan",
        kpis=[Kpi(key="participants", name="Peserta", unit="orang", target=100)],
        budget=[
            BudgetLine(source="APBD", amount=60_000_000),
            BudgetLine(source="CSR", amount=20_000_000),
        ],
    )
    exhibition = create_program(
        **common,
        program_id="pameran",
        title="Pameran produk kerajinan",
        category="exhibition",
        bidang="Bidang Pemasaran",
        kpis=[
            Kpi(key="exhibitors", name="UMKM peserta", unit="UMKM", target=20),
            Kpi(key="sales", name="Transaksi", unit="rupiah", target=100_000_000),
        ],
        budget=[
            BudgetLine(source="APBD", amount=100_000_000),
            BudgetLine(source="sponsor", amount=50_000_000, note="Bank daerah"),
        ],
    )
    monev = create_program(
        **common,
        program_id="monev",
        title="Monitoring dan evaluasi UKM binaan",
        category="monev",
        bidang="Bidang Pelatihan dan Pengembangan",
        kpis=[Kpi(key="ukm_evaluated", name="UKM dievaluasi", unit="UKM", target=25)],
        budget=[BudgetLine(source="APBD", amount=30_000_000)],
    )
    dropped = create_program(
        **common,
        program_id="batal",
        title="Studi banding",
        category="other",
        kpis=[Kpi(key="visits", name="Kunjungan", unit="kali", target=2)],
        budget=[BudgetLine(source="APBD", amount=500_000_000)],
    )
    for program in (training, exhibition, monev):
        program.approve(term=term, at=AT)
    training.start(at=AT)
    count_attendance(training, event_id="pelatihan-1", attendance=35, at=AT)
    count_attendance(training, event_id="pelatihan-2", attendance=20, at=AT)
    count_attendance(training, event_id="pelatihan-1", attendance=35, at=AT)
    record_progress(exhibition, key="exhibitors", amount=10, at=AT)
    record_progress(exhibition, key="sales", actual=150_000_000, at=AT)
    dropped.cancel(at=AT, reason="dialihkan")
    return [training, exhibition, monev, dropped]


def plan_of(event: TermInaugurated) -> WorkPlan:
    return open_work_plan(inaugurated=event)[0]


def test_a_work_plan_opens_once_per_term() -> None:
    plan, opened = open_work_plan(inaugurated=PEKALONGAN_INAUGURATED)
    again, reopened = open_work_plan(inaugurated=PEKALONGAN_INAUGURATED, existing=plan)
    assert opened is True and reopened is False and again is plan
    assert (plan.id, plan.council, plan.period_end) == (
        "term-3375-2021",
        "33.75",
        date(2026, 10, 25),
    )
    assert plan.opened_at == PEKALONGAN_INAUGURATED.inaugurated_at and not plan.pending


def test_bengkulu_three_programs_for_2021_2024() -> None:
    summary = summarise(plan=plan_of(BENGKULU_INAUGURATED), programs=bengkulu_programs())
    assert [p.category for p in summary.programs] == [
        "product_competitiveness",
        "partnership",
        "digitalisation",
    ]  # the same start date, so ordered by title
    assert len(summary.by_status["approved"]) == 3 and summary.by_status["draft"] == []
    assert summary.budget_by_source["APBD"] == 250_000_000
    assert summary.budget_by_source["APBN"] == 50_000_000
    assert summary.budget_by_source["CSR"] == 50_000_000
    assert (summary.budget_total, summary.apbd_total, summary.other_total) == (
        350_000_000,
        250_000_000,
        100_000_000,
    )
    assert summary.apbd_share == pytest.approx(250 / 350)
    assert summary.kpi_progress == 0
    assert [g.bidang for g in summary.by_bidang] == [None]


def test_pekalongan_funding_beyond_apbd_and_kpi_progress() -> None:
    programs = pekalongan_programs()
    summary = summarise(plan=plan_of(PEKALONGAN_INAUGURATED), programs=programs)

    assert summary.budget_total == 260_000_000  # the cancelled 500 M study trip is left out
    assert summary.apbd_total == 190_000_000 and summary.other_total == 70_000_000
    assert summary.apbd_share == pytest.approx(190 / 260)
    assert summary.budget_by_source["sponsor"] == 50_000_000
    assert summary.by_status["cancelled"] == ["batal"]
    assert summary.by_status["approved"] == ["monev", "pameran"]  # no dates: by title
    assert summary.by_status["in_progress"] == ["pelatihan"]
    groups = {g.bidang: set(g.program_ids) for g in summary.by_bidang}
    assert groups == {
        "Bidang Pelatihan dan Pengembangan": {"pelatihan", "monev"},
        "Bidang Pemasaran": {"pameran"},
        None: {"batal"},
    }
    rows = {row.program_id: row for row in summary.programs}
    assert rows["pelatihan"].kpis[0].actual == 55 and rows["pelatihan"].progress == 0.55
    assert rows["pameran"].kpis[1].ratio == 1.5  # shown as is
    assert rows["pameran"].progress == 0.75  # each KPI capped at 1 in the mean
    assert rows["monev"].progress == 0
    assert summary.kpi_progress == pytest.approx((0.55 + 0.75 + 0) / 3)


def test_a_plan_without_budget_has_no_apbd_share() -> None:
    summary = summarise(plan=plan_of(PEKALONGAN_INAUGURATED), programs=[])
    assert summary.budget_total == 0 and summary.apbd_share is None
    assert summary.kpi_progress is None and summary.programs == []


def test_programs_of_another_term_are_left_out() -> None:
    summary = summarise(plan=plan_of(PEKALONGAN_INAUGURATED), programs=bengkulu_programs())
    assert summary.programs == [] and summary.budget_total == 0


def test_a_kpi_with_zero_target_does_not_count_in_progress() -> None:
    program = create_program(
        at=AT,
        council="33.75",
        term_id="term-3375-2021",
        title="Sosialisasi",
        category="other",
        kpis=[
            Kpi(key="sessions", name="Sesi", unit="kali", target=0, actual=3),
            Kpi(key="participants", name="Peserta", unit="orang", target=50, actual=25),
        ],
    )
    summary = summarise(plan=plan_of(PEKALONGAN_INAUGURATED), programs=[program])
    assert summary.programs[0].kpis[0].ratio is None and summary.programs[0].progress == 0.5
