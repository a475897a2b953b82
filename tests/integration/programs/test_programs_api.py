"""Work programs over HTTP on the real stack: lifecycle, approval rules, fields named in errors."""

import json
import uuid
from datetime import date

import pytest

from tests.conftest import token
from tests.helpers import headers_of, read_topic
from tests.integration.programs.harness import ProgramsService, act, draft, new_id, participants

CITY = "33.75"

# the first test may wait for the shared app to replay the topics' history
pytestmark = pytest.mark.timeout(900)


async def test_the_lifecycle_publishes_approval_and_completion(programs: ProgramsService) -> None:
    http = programs.http
    term_id = await programs.feed.inaugurate(CITY, date(2021, 10, 26), date(2026, 10, 25))
    program = await draft(
        http,
        CITY,
        term_id,
        bidang="Bidang Pelatihan",
        planned_start="2021-11-01",
        planned_end="2021-12-31",
        kpis=[
            participants(100),
            {"key": "ukm_go_digital", "name": "UKM go digital", "unit": "UKM", "target": 20},
        ],
    )
    assert program["status"] == "draft" and program["budget_total"] == 50_000_000

    approved = await act(programs, program, "approve")
    assert approved["status"] == "approved" and approved["approved_at"]
    started = await act(programs, program, "start")
    assert started["status"] == "in_progress"
    r = await http.post(
        f"/programs/{program['id']}/kpis/participants/progress",
        json={"amount": 40},
        headers=token(CITY),
    )
    assert r.status_code == 200, r.text
    assert r.json()["kpis"][0]["actual"] == 40 and r.json()["kpis"][0]["ratio"] == 0.4
    completed = await act(programs, program, "complete", {"final_actuals": {"ukm_go_digital": 18}})
    assert completed["status"] == "completed"
    assert [k["actual"] for k in completed["kpis"]] == [40, 18]

    fetched = await http.get(f"/programs/{program['id']}", headers=token(CITY, "viewer"))
    assert fetched.json() == completed

    record = await read_topic(
        programs.kafka, "program.approved", until=lambda r: r.key == program["id"].encode()
    )
    headers = headers_of(record)
    assert headers["ce_type"] == "program.approved" and headers["ce_specversion"] == "1.0"
    assert headers["ce_subject"] == program["id"] and headers["ce_region"] == CITY
    assert headers["ce_source"] == programs.source
    assert headers["ce_dataschema"] == "urn:dekranasda:schema:program.approved:v1"
    assert str(uuid.UUID(headers["ce_id"])) == headers["ce_id"]
    payload = json.loads(record.value)
    assert payload["term_id"] == term_id and payload["budget"][0]["source"] == "APBD"
    done = await read_topic(
        programs.kafka, "program.completed", until=lambda r: r.key == program["id"].encode()
    )
    assert {k["key"]: k["actual"] for k in json.loads(done.value)["kpis"]} == {
        "participants": 40,
        "ukm_go_digital": 18,
    }


async def test_approval_needs_a_kpi_and_an_inaugurated_term(programs: ProgramsService) -> None:
    http = programs.http
    unknown_term = await draft(http, CITY, new_id("term"))
    r = await http.post(f"/programs/{unknown_term['id']}/approve", headers=token(CITY))
    assert r.status_code == 422 and r.json()["detail"].startswith("term_id:")

    term_id = await programs.feed.inaugurate(CITY, date(2021, 10, 26), date(2026, 10, 25))
    no_kpi = await draft(http, CITY, term_id, kpis=[])
    r = await http.post(f"/programs/{no_kpi['id']}/approve", headers=token(CITY))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"] == [{"field": "kpis", "message": r.json()["errors"][0]["message"]}]

    patched = await http.patch(
        f"/programs/{no_kpi['id']}", json={"kpis": [participants(50)]}, headers=token(CITY)
    )
    assert patched.status_code == 200, patched.text
    assert (await act(programs, no_kpi, "approve"))["status"] == "approved"


async def test_the_plan_is_frozen_once_approved(programs: ProgramsService) -> None:
    term_id = await programs.feed.inaugurate(CITY, date(2021, 10, 26), date(2026, 10, 25))
    program = await act(programs, await draft(programs.http, CITY, term_id), "approve")
    r = await programs.http.patch(
        f"/programs/{program['id']}", json={"title": "Lain"}, headers=token(CITY)
    )
    assert r.status_code == 409 and r.json()["detail"].startswith("status:")
    again = await programs.http.post(f"/programs/{program['id']}/approve", headers=token(CITY))
    assert again.status_code == 409
    cancelled = await act(programs, program, "cancel", {"reason": "anggaran dialihkan"})
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "anggaran dialihkan"


async def test_invalid_input_names_the_field(programs: ProgramsService) -> None:
    http = programs.http
    cases = [
        ({"budget": [{"source": "APBD", "amount": -1}]}, "budget[0].amount:"),
        ({"budget": [{"source": "hibah", "amount": 1}]}, "budget[0].source:"),
        ({"kpis": [{**participants(), "key": "Peserta!"}]}, "kpis[0].key:"),
        ({"kpis": [participants(), participants()]}, "kpis[1].key:"),
        ({"planned_start": "2022-01-01", "planned_end": "2021-01-01"}, "planned_end:"),
        ({"category": "sports"}, "category:"),
        ({"title": " "}, "title:"),
    ]
    for change, field in cases:
        body = {
            "council": CITY,
            "term_id": "t",
            "title": "Pameran",
            "category": "exhibition",
            **change,
        }
        r = await http.post("/programs", json=body, headers=token(CITY))
        assert r.status_code == 422, (change, r.text)
        assert r.json()["detail"].startswith(field), (change, r.json()["detail"])

    program = await draft(http, CITY, new_id("term"))
    r = await http.patch(f"/programs/{program['id']}", json={"title": None}, headers=token(CITY))
    assert r.status_code == 422 and r.json()["detail"].startswith("title:")
    r = await http.post(
        f"/programs/{program['id']}/kpis/unknown/progress", json={"amount": 1}, headers=token(CITY)
    )
    assert r.status_code == 409  # a draft takes no progress yet


async def test_programs_are_listed_with_filters(programs: ProgramsService) -> None:
    http = programs.http
    term_id = await programs.feed.inaugurate(CITY, date(2021, 10, 26), date(2026, 10, 25))
    training = await draft(http, CITY, term_id, category="training")
    exhibition = await act(
        programs, await draft(http, CITY, term_id, category="exhibition"), "approve"
    )
    listed = await http.get("/programs", params={"term_id": term_id}, headers=token(CITY))
    assert {p["id"] for p in listed.json()["items"]} == {training["id"], exhibition["id"]}
    assert listed.json()["total"] == 2

    filtered = await http.get(
        "/programs",
        params={"term_id": term_id, "status": "approved", "category": "exhibition"},
        headers=token(CITY),
    )
    assert [p["id"] for p in filtered.json()["items"]] == [exhibition["id"]]
    paged = await http.get(
        "/programs", params={"term_id": term_id, "size": 1, "page": 2}, headers=token(CITY)
    )
    assert len(paged.json()["items"]) == 1 and paged.json()["total"] == 2
    too_big = await http.get("/programs", params={"size": 10_000}, headers=token(CITY))
    assert too_big.status_code == 422 and too_big.json()["detail"].startswith("size:")
