"""Bad input to the programs service on the real stack: problems that say what is expected."""

from datetime import date

import pytest

from shared.fields import RUPIAH_MAX
from shared.pagination import MAX_PAGE
from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, draft

pytestmark = pytest.mark.timeout(900)  # the shared app may first replay the topics' history
CITY = "33.75"


async def test_a_budget_amount_past_any_budget_is_a_422_not_a_server_error(
    programs: ProgramsService,
) -> None:
    term_id = await programs.feed.inaugurate(CITY, date(2021, 10, 26), date(2026, 10, 25))
    body = {
        "council": CITY,
        "term_id": term_id,
        "title": "Pameran Kriya",
        "category": "exhibition",
        "budget": [{"source": "APBD", "amount": 9223372036854775808}],
    }
    r = await programs.http.post("/programs", json=body, headers=token(CITY))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == f"budget[0].amount: must be at most {RUPIAH_MAX}"
    largest = [{"source": "APBD", "amount": RUPIAH_MAX}]
    assert (await draft(programs.http, CITY, term_id, budget=largest))["budget_total"] == RUPIAH_MAX


async def test_a_kpi_key_error_says_what_a_key_is(programs: ProgramsService) -> None:
    kpi = {"key": "Peserta!", "name": "Peserta", "unit": "orang", "target": 10}
    body = {"council": CITY, "term_id": "t", "title": "X", "category": "training", "kpis": [kpi]}
    r = await programs.http.post("/programs", json=body, headers=token(CITY))
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == (
        "kpis[0].key: must be 1 to 40 lowercase letters, digits or underscores"
    )


async def test_a_huge_page_number_is_refused(programs: ProgramsService) -> None:
    r = await programs.http.get("/programs", params={"page": 10**18}, headers=token(CITY))
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == f"page: must be at most {MAX_PAGE}"
