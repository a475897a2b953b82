"""Assisted businesses (UKM binaan) and monev over HTTP: rules, history, published events."""

import json
from typing import Any

import pytest

from tests.conftest import token
from tests.helpers import headers_of, read_topic
from tests.integration.programs.harness import ProgramsService, new_id, running_program

CITY = "33.75"

# the first test may wait for the shared app to replay the topics' history
pytestmark = pytest.mark.timeout(900)


async def enrol(programs: ProgramsService, program_id: str, member_id: str, **extra: Any) -> Any:
    return await programs.http.post(
        f"/programs/{program_id}/beneficiaries",
        json={"member_id": member_id, **extra},
        headers=token(CITY),
    )


async def evaluate(programs: ProgramsService, **body: Any) -> Any:
    return await programs.http.post("/evaluations", json=body, headers=token(CITY))


async def test_a_business_is_enrolled_once_and_only_a_known_business(
    programs: ProgramsService,
) -> None:
    program = await running_program(programs, CITY, category="monev")
    business = await programs.feed.member(CITY, "Batik Pesisir Jetayu")
    person = await programs.feed.member(CITY, "Ibu Inggit", kind="person")

    for member_id in (person, new_id("unknown")):
        r = await enrol(programs, program["id"], member_id)
        assert r.status_code == 422 and r.json()["detail"].startswith("member_id:"), r.text
    r = await enrol(programs, program["id"], business, enrolled_on="2021-11-01")
    assert r.status_code == 201, r.text
    assert r.json()["enrolled_on"] == "2021-11-01"
    again = await enrol(programs, program["id"], business)
    assert again.status_code == 409 and again.json()["detail"].startswith("member_id:")

    record = await read_topic(
        programs.kafka,
        "ukm.enrolled",
        until=lambda r: (
            r.key == business.encode() and json.loads(r.value)["program_id"] == program["id"]
        ),
    )
    headers = headers_of(record)
    assert headers["ce_type"] == "ukm.enrolled" and headers["ce_subject"] == business
    assert headers["ce_region"] == CITY and headers["ce_source"] == programs.source
    assert headers["ce_dataschema"] == "urn:dekranasda:schema:ukm.enrolled:v1"
    assert json.loads(record.value)["enrolled_on"] == "2021-11-01"


async def test_evaluations_show_progress_over_time(programs: ProgramsService) -> None:
    program = await running_program(programs, CITY, category="monev")
    business = await programs.feed.member(CITY, "Tenun Pekalongan")
    assert (await enrol(programs, program["id"], business, enrolled_on="2021-11-01")).is_success
    base = {"program_id": program["id"], "member_id": business}
    later = await evaluate(
        programs,
        **base,
        evaluated_on="2022-06-01",
        score=4,
        indicators={
            "monthly_revenue": 15_000_000,
            "employees": 5,
            "certifications": ["halal", "sni", "HKI"],
            "marketplaces": ["tokopedia", "shopee"],
            "digital_channels": ["instagram"],
        },
        notes="Omzet naik setelah pelatihan foto produk; kontak: 0812 000",
    )
    assert later.status_code == 201, later.text
    assert later.json()["indicators"]["certifications"] == ["halal", "SNI", "HKI"]
    first = await evaluate(
        programs,
        **base,
        evaluated_on="2021-12-01",
        score=2,
        indicators={"monthly_revenue": 10_000_000, "employees": 3, "certifications": ["halal"]},
    )
    assert first.status_code == 201, first.text

    r = await programs.http.get(f"/members/{business}/evaluations", headers=token(CITY, "viewer"))
    assert r.status_code == 200, r.text
    history = r.json()
    assert [e["evaluated_on"] for e in history["evaluations"]] == ["2021-12-01", "2022-06-01"]
    assert (history["revenue_change"], history["employees_change"], history["score_change"]) == (
        5_000_000,
        2,
        2,
    )

    record = await read_topic(
        programs.kafka,
        "ukm.evaluated",
        until=lambda r: json.loads(r.value)["evaluation_id"] == later.json()["id"],
    )
    assert record.key == business.encode()
    assert headers_of(record)["ce_subject"] == business
    assert b"Omzet" not in record.value and b"0812" not in record.value  # notes stay here
    assert json.loads(record.value)["score"] == 4


async def test_an_evaluation_names_the_field_at_fault(programs: ProgramsService) -> None:
    program = await running_program(programs, CITY, category="monev")
    business = await programs.feed.member(CITY, "Gerabah Kota")
    outsider = await programs.feed.member(CITY, "Belum binaan")
    assert (await enrol(programs, program["id"], business, enrolled_on="2021-11-01")).is_success
    base = {"program_id": program["id"], "member_id": business, "evaluated_on": "2021-12-01"}
    cases = [
        ({**base, "score": 6}, "score:"),
        ({**base, "score": 3, "evaluated_on": "2021-10-01"}, "evaluated_on:"),
        ({**base, "score": 3, "member_id": outsider}, "member_id:"),
        (
            {**base, "score": 3, "indicators": {"monthly_revenue": -5}},
            "indicators.monthly_revenue:",
        ),
    ]
    for body, field in cases:
        r = await evaluate(programs, **body)
        assert r.status_code == 422 and r.json()["detail"].startswith(field), (body, r.text)
    missing = await evaluate(programs, **{**base, "score": 3, "program_id": new_id("program")})
    assert missing.status_code == 404
    none_yet = await programs.http.get(f"/members/{outsider}/evaluations", headers=token(CITY))
    assert none_yet.status_code == 200 and none_yet.json()["evaluations"] == []
    unknown = await programs.http.get(f"/members/{new_id('m')}/evaluations", headers=token(CITY))
    assert unknown.status_code == 404
