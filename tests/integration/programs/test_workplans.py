"""Work plans: opened once per inaugurated term, whatever the redeliveries; ended terms."""

from datetime import UTC, date, datetime

import pytest

from shared.contracts import TermEnded, TermInaugurated
from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, draft, new_id

CITY = "33.75"
START, END = date(2021, 10, 26), date(2026, 10, 25)

# the first test may wait for the shared app to replay the topics' history
pytestmark = pytest.mark.timeout(900)


async def test_an_inaugurated_term_opens_its_work_plan_once(programs: ProgramsService) -> None:
    feed = programs.feed
    inaugurated = TermInaugurated(
        council=CITY,
        term_id=new_id("term"),
        period_start=START,
        period_end=END,
        inaugurated_at=datetime(2021, 10, 26, 2, tzinfo=UTC),
    )
    ce_id = await feed.send(inaugurated, service="membership")
    await feed.applied("terms", ce_id)
    r = await programs.http.get(f"/workplans/{inaugurated.term_id}", headers=token(CITY, "viewer"))
    assert r.status_code == 200, r.text
    plan = r.json()
    assert (plan["council"], plan["period_start"], plan["programs"]) == (CITY, "2021-10-26", [])
    opened = await programs.db["workplans"].find_one({"_id": inaugurated.term_id})

    await feed.send(inaugurated, service="membership", ce_id=ce_id)  # the same message again
    later = inaugurated.model_copy(update={"inaugurated_at": datetime(2021, 11, 1, tzinfo=UTC)})
    resent = await feed.send(later, service="membership")  # a re-send under a new ce_id
    await feed.applied("terms", resent)  # same key and topic: the copy before it is done too

    stored = await programs.db["workplans"].find({"term_id": inaugurated.term_id}).to_list(None)
    assert stored == [opened]
    again = await programs.http.get(f"/workplans/{inaugurated.term_id}", headers=token(CITY))
    assert again.json() == plan


async def test_a_term_without_inauguration_has_no_work_plan(programs: ProgramsService) -> None:
    r = await programs.http.get(f"/workplans/{new_id('term')}", headers=token(CITY))
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


async def test_an_ended_term_approves_no_more_programs(programs: ProgramsService) -> None:
    term_id = await programs.feed.inaugurate(CITY, START, END)
    program = await draft(programs.http, CITY, term_id)
    ended = TermEnded(council=CITY, term_id=term_id, ended_at=datetime(2026, 10, 25, tzinfo=UTC))
    await programs.feed.applied("terms", await programs.feed.send(ended, service="membership"))
    r = await programs.http.post(f"/programs/{program['id']}/approve", headers=token(CITY))
    assert r.status_code == 409 and r.json()["detail"].startswith("term_id:")
    plan = await programs.http.get(f"/workplans/{term_id}", headers=token(CITY))
    assert plan.status_code == 200  # the plan stays, as history


async def test_a_program_cannot_name_another_councils_term(programs: ProgramsService) -> None:
    term_id = await programs.feed.inaugurate("17", date(2021, 3, 23), date(2024, 3, 22))
    r = await programs.http.post(
        "/programs",
        json={"council": CITY, "term_id": term_id, "title": "Pameran", "category": "exhibition"},
        headers=token(CITY),
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("term_id:")
