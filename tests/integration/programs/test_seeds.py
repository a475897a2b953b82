"""The seeds' work programs as data: Bengkulu 2021-2024 and Kota Pekalongan 2021-2026."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, act, draft

# the first test may wait for the shared app to replay the topics' history
pytestmark = pytest.mark.timeout(900)


def kpi(key: str, name: str, unit: str, target: float) -> dict[str, Any]:
    return {"key": key, "name": name, "unit": unit, "target": target}


def budget(**amounts: int) -> list[dict[str, Any]]:
    return [{"source": source, "amount": amount} for source, amount in amounts.items()]


@dataclass(frozen=True)
class Story:
    """A council's term and the programs it planned, with the work plan they should give."""

    council: str
    period: tuple[date, date]
    origin: str
    programs: list[dict[str, Any]]
    apbd_total: int
    other_total: int


BENGKULU = Story(
    council="17",
    period=(date(2021, 3, 23), date(2024, 3, 22)),
    origin="rakerda-bengkulu-2021-03-23",  # Hotel Grage auditorium
    programs=[
        {
            "title": "Meningkatkan daya saing produk pengrajin berbasis kearifan lokal dengan "
            "selera global melalui inovasi, kreativitas dan efisiensi",
            "category": "product_competitiveness",
            "bidang": "Bidang Pengembangan Produk",
            "kpis": [kpi("innovative_products", "Produk inovatif baru", "produk", 40)],
            "budget": budget(APBD=150_000_000),
        },
        {
            "title": "Mendorong inovasi digital pengrajin menuju UKM go digital dan memperluas "
            "akses jaringan pemasaran",
            "category": "digitalisation",
            "bidang": "Bidang Pemasaran",
            "kpis": [kpi("ukm_go_digital", "UKM go digital", "UKM", 100)],
            "budget": budget(APBD=100_000_000, APBN=50_000_000),
        },
        {
            "title": "Meningkatkan kemitraan dan kerja sama dengan lembaga kerajinan terkait "
            "untuk memperluas akses pasar kerajinan daerah",
            "category": "partnership",
            "bidang": "Bidang Kemitraan",
            "kpis": [kpi("partnerships", "Kerja sama kemitraan", "MoU", 10)],
            "budget": budget(APBD=50_000_000, CSR=25_000_000),
        },
    ],
    apbd_total=300_000_000,
    other_total=75_000_000,
)
PEKALONGAN = Story(
    council="33.75",
    period=(date(2021, 10, 26), date(2026, 10, 25)),
    origin="rakor-pekalongan-2021-10-18",  # Ruang Jetayu
    programs=[
        {
            "title": "Pelatihan bagi UMKM batik dan kerajinan",
            "category": "training",
            "bidang": "Bidang Pelatihan",
            "kpis": [kpi("participants", "Peserta pelatihan", "orang", 200)],
            "budget": budget(APBD=60_000_000, CSR=20_000_000),
        },
        {
            "title": "Pameran produk kerajinan Kota Pekalongan",
            "category": "exhibition",
            "bidang": "Bidang Pemasaran",
            "kpis": [kpi("exhibitions", "Pameran diikuti", "kali", 4)],
            "budget": budget(APBD=40_000_000, sponsor=30_000_000),
        },
        {
            "title": "Monitoring dan evaluasi UKM binaan Dekranasda",
            "category": "monev",
            "bidang": "Bidang Pembinaan",
            "kpis": [kpi("ukm_evaluated", "UKM binaan dievaluasi", "UKM", 25)],
            "budget": budget(APBD=20_000_000, self_funded=10_000_000),
        },
    ],
    apbd_total=120_000_000,
    other_total=60_000_000,
)


@pytest.mark.parametrize("story", [BENGKULU, PEKALONGAN], ids=["bengkulu", "pekalongan"])
async def test_the_seed_programs_make_up_the_work_plan(
    programs: ProgramsService, story: Story
) -> None:
    term_id = await programs.feed.inaugurate(story.council, *story.period)
    ids = []
    for plan in story.programs:
        program = await draft(
            programs.http, story.council, term_id, origin_event_id=story.origin, **plan
        )
        ids.append((await act(programs, program, "approve"))["id"])

    r = await programs.http.get(f"/workplans/{term_id}", headers=token(story.council, "viewer"))
    assert r.status_code == 200, r.text
    plan = r.json()
    assert sorted(p["program_id"] for p in plan["programs"]) == sorted(ids)
    assert sorted(plan["by_status"]["approved"]) == sorted(ids)
    assert {g["bidang"] for g in plan["by_bidang"]} == {p["bidang"] for p in story.programs}
    assert plan["apbd_total"] == story.apbd_total
    assert plan["other_total"] == story.other_total > 0  # funding beyond the APBD
    assert plan["budget_total"] == story.apbd_total + story.other_total
    assert plan["apbd_share"] == pytest.approx(story.apbd_total / plan["budget_total"])
    assert plan["kpi_progress"] == 0
