"""Access across councils: scope covers a council and those below it; outside is 404 or 403."""

from datetime import date
from typing import Any

import pytest
import pytest_asyncio

from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, draft

PROVINCE, KOTA_BENGKULU, PEKALONGAN = "17", "17.71", "33.75"

# the first test may wait for the shared app to replay the topics' history
pytestmark = pytest.mark.timeout(900)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def city_program(programs: ProgramsService) -> dict[str, Any]:
    """A draft program of Kota Bengkulu (17.71), under its inaugurated term."""
    term_id = await programs.feed.inaugurate(KOTA_BENGKULU, date(2021, 3, 23), date(2024, 3, 22))
    return await draft(programs.http, KOTA_BENGKULU, term_id, title="Pelatihan besurek")


async def test_a_province_sees_its_cities_programs(
    programs: ProgramsService, city_program: dict[str, Any]
) -> None:
    r = await programs.http.get(f"/programs/{city_program['id']}", headers=token(PROVINCE))
    assert r.status_code == 200
    listed = await programs.http.get(
        "/programs", params={"term_id": city_program["term_id"]}, headers=token(PROVINCE, "viewer")
    )
    assert [p["id"] for p in listed.json()["items"]] == [city_program["id"]]
    plan = await programs.http.get(f"/workplans/{city_program['term_id']}", headers=token(PROVINCE))
    assert plan.status_code == 200
    edited = await programs.http.patch(
        f"/programs/{city_program['id']}",
        json={"bidang": "Bidang Pelatihan"},
        headers=token(PROVINCE),
    )
    assert edited.status_code == 200 and edited.json()["bidang"] == "Bidang Pelatihan"


async def test_another_council_sees_nothing_and_writes_nothing(
    programs: ProgramsService, city_program: dict[str, Any]
) -> None:
    outsider = token(PEKALONGAN)
    program_id, term_id = city_program["id"], city_program["term_id"]
    assert (await programs.http.get(f"/programs/{program_id}", headers=outsider)).status_code == 404
    approve = await programs.http.post(f"/programs/{program_id}/approve", headers=outsider)
    assert approve.status_code == 404
    assert (await programs.http.get(f"/workplans/{term_id}", headers=outsider)).status_code == 404
    listed = await programs.http.get("/programs", params={"term_id": term_id}, headers=outsider)
    assert listed.json()["items"] == []
    named = await programs.http.get("/programs", params={"council": PROVINCE}, headers=outsider)
    assert named.json()["total"] == 0

    create = await programs.http.post(
        "/programs",
        json={"council": PROVINCE, "term_id": term_id, "title": "X", "category": "other"},
        headers=outsider,
    )
    assert create.status_code == 403 and create.json()["detail"].startswith("council:")


async def test_a_city_does_not_see_its_province(programs: ProgramsService) -> None:
    term_id = await programs.feed.inaugurate(PROVINCE, date(2021, 3, 23), date(2024, 3, 22))
    program = await draft(programs.http, PROVINCE, term_id)
    r = await programs.http.get(f"/programs/{program['id']}", headers=token(KOTA_BENGKULU))
    assert r.status_code == 404


async def test_viewers_read_and_only_secretariat_writes(
    programs: ProgramsService, city_program: dict[str, Any]
) -> None:
    viewer = token(KOTA_BENGKULU, "viewer")
    program_id = city_program["id"]
    assert (await programs.http.get(f"/programs/{program_id}", headers=viewer)).status_code == 200
    r = await programs.http.post(f"/programs/{program_id}/cancel", headers=viewer)
    assert r.status_code == 403
    body = {"council": KOTA_BENGKULU, "term_id": "t", "title": "X", "category": "other"}
    assert (await programs.http.post("/programs", json=body, headers=viewer)).status_code == 403
    assert (await programs.http.get(f"/programs/{program_id}")).status_code == 401
