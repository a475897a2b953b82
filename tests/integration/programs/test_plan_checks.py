"""A program's plan is checked against its term: planned dates lie within the term's period,
and its bidang is one of the council's bidang when `term.inaugurated` listed them."""

from datetime import date

import pytest

from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, draft, new_id

CITY = "33.75"
LATE = {"planned_start": "2027-01-04", "planned_end": "2027-06-30"}

# the first test may wait for the shared app to replay the topics' history
pytestmark = pytest.mark.timeout(900)


async def test_a_program_planned_after_its_term_ended_is_not_approved(
    programs: ProgramsService,
) -> None:
    term_id = new_id("term")
    program = await draft(programs.http, CITY, term_id, **LATE)  # the term is not known yet
    await programs.feed.inaugurate(CITY, date(2021, 10, 26), date(2026, 10, 25), term_id=term_id)
    r = await programs.http.post(f"/programs/{program['id']}/approve", headers=token(CITY))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == (
        "planned_start: planned_start 2027-01-04 lies outside the term's period"
        " 2021-10-26 to 2026-10-25"
    )
    shown = await programs.http.get(f"/programs/{program['id']}", headers=token(CITY))
    assert shown.json()["status"] == "draft"


async def test_a_known_term_refuses_dates_outside_it_when_drafting_and_editing(
    programs: ProgramsService,
) -> None:
    term_id = await programs.feed.inaugurate(CITY, date(2021, 10, 26), date(2026, 10, 25))
    body = {"council": CITY, "term_id": term_id, "title": "Pameran", "category": "exhibition"}
    r = await programs.http.post("/programs", json=body | LATE, headers=token(CITY))
    assert r.status_code == 422 and r.json()["detail"].startswith("planned_start:")
    program = await draft(programs.http, CITY, term_id, planned_start="2026-01-05")
    r = await programs.http.patch(
        f"/programs/{program['id']}", json={"planned_end": "2026-12-31"}, headers=token(CITY)
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("planned_end:")
    within = {"planned_end": "2026-10-25"}
    r = await programs.http.patch(f"/programs/{program['id']}", json=within, headers=token(CITY))
    assert r.status_code == 200 and r.json()["planned_end"] == "2026-10-25"


COUNCIL_BIDANG = ["Bidang Pelatihan dan SDM", "Bidang Pemasaran dan Pameran"]
NOT_A_BIDANG = (
    "bidang: bidang 'Bidang Kuliner' is not one of the council's bidang:"
    " Bidang Pelatihan dan SDM, Bidang Pemasaran dan Pameran"
)


async def test_a_bidang_outside_the_councils_bidang_is_refused_when_drafting(
    programs: ProgramsService,
) -> None:
    start, end = date(2021, 10, 26), date(2026, 10, 25)
    term_id = await programs.feed.inaugurate(CITY, start, end, bidang=COUNCIL_BIDANG)
    body = {"council": CITY, "term_id": term_id, "title": "Pelatihan", "category": "training"}
    r = await programs.http.post(
        "/programs", json=body | {"bidang": "Bidang Kuliner"}, headers=token(CITY)
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == NOT_A_BIDANG
    r = await programs.http.post(
        "/programs", json=body | {"bidang": "bidang pelatihan dan sdm"}, headers=token(CITY)
    )
    assert r.status_code == 201, r.text
    assert r.json()["bidang"] == "Bidang Pelatihan dan SDM"  # the council's spelling
    older = await programs.feed.inaugurate(CITY, start, end)  # an event without bidang
    r = await programs.http.post(
        "/programs",
        json=body | {"term_id": older, "bidang": "Bidang Kuliner"},
        headers=token(CITY),
    )
    assert r.status_code == 201 and r.json()["bidang"] == "Bidang Kuliner"


async def test_a_bidang_outside_the_councils_bidang_is_refused_when_editing_and_approving(
    programs: ProgramsService,
) -> None:
    term_id = new_id("term")
    program = await draft(programs.http, CITY, term_id, bidang="Bidang Kuliner")  # term unknown
    await programs.feed.inaugurate(
        CITY, date(2021, 10, 26), date(2026, 10, 25), term_id=term_id, bidang=COUNCIL_BIDANG
    )
    url = f"/programs/{program['id']}"
    r = await programs.http.post(f"{url}/approve", headers=token(CITY))
    assert r.status_code == 422 and r.json()["detail"] == NOT_A_BIDANG
    r = await programs.http.patch(url, json={"title": "Pelatihan batik"}, headers=token(CITY))
    assert r.status_code == 422 and r.json()["detail"] == NOT_A_BIDANG
    known = {"bidang": "Bidang Pemasaran dan Pameran"}
    r = await programs.http.patch(url, json=known, headers=token(CITY))
    assert r.status_code == 200 and r.json()["bidang"] == known["bidang"]
    r = await programs.http.post(f"{url}/approve", headers=token(CITY))
    assert r.status_code == 200 and r.json()["status"] == "approved"


async def test_a_term_inaugurated_before_bidang_still_checks_by_the_old_name_divisions(
    programs: ProgramsService,
) -> None:
    term_id = await programs.feed.inaugurate(
        CITY, date(2021, 10, 26), date(2026, 10, 25), bidang=COUNCIL_BIDANG, before_bidang=True
    )
    body = {"council": CITY, "term_id": term_id, "title": "Pelatihan", "category": "training"}
    r = await programs.http.post(
        "/programs", json=body | {"bidang": "Bidang Kuliner"}, headers=token(CITY)
    )
    assert r.status_code == 422 and r.json()["detail"] == NOT_A_BIDANG, r.text
    r = await programs.http.post(
        "/programs", json=body | {"bidang": "bidang pemasaran dan pameran"}, headers=token(CITY)
    )
    assert r.status_code == 201 and r.json()["bidang"] == "Bidang Pemasaran dan Pameran", r.text
