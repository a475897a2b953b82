"""Mistakes in monev records are corrected or withdrawn with a reason, never erased."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import token
from tests.helpers import read_topic
from tests.integration.programs.harness import ProgramsService, published, running_program

CITY = "33.75"
pytestmark = pytest.mark.timeout(900)


async def post(programs: ProgramsService, path: str, body: Any) -> Any:
    return await programs.http.post(path, json=body, headers=token(CITY))


async def enrolled(programs: ProgramsService, name: str) -> tuple[str, str]:
    """A running monev program and a business enrolled on 2021-11-01."""
    program = await running_program(programs, CITY, category="monev")
    business = await programs.feed.member(CITY, name)
    r = await post(
        programs,
        f"/programs/{program['id']}/beneficiaries",
        {"member_id": business, "enrolled_on": "2021-11-01"},
    )
    assert r.status_code == 201, r.text
    await published(programs.db, "beneficiaries", r.json()["id"])  # before writing it again
    return program["id"], business


async def evaluate(programs: ProgramsService, program_id: str, member_id: str, **body: Any) -> Any:
    return await post(
        programs, "/evaluations", {"program_id": program_id, "member_id": member_id, **body}
    )


async def test_an_evaluation_dated_in_the_future_is_refused(programs: ProgramsService) -> None:
    program_id, business = await enrolled(programs, "Batik Esok Hari")
    tomorrow_and_more = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    r = await evaluate(programs, program_id, business, evaluated_on=tomorrow_and_more, score=3)
    assert r.status_code == 422
    assert r.json()["detail"] == (
        f"evaluated_on: evaluated_on {tomorrow_and_more} lies in the future"
    )


async def test_a_corrected_evaluation_keeps_the_old_values_and_the_reason(
    programs: ProgramsService,
) -> None:
    program_id, business = await enrolled(programs, "Tenun Salah Ketik")
    first = await evaluate(
        programs,
        program_id,
        business,
        evaluated_on="2022-06-01",
        score=4,
        indicators={"monthly_revenue": 150_000_000},
    )
    assert first.status_code == 201, first.text
    evaluation = first.json()
    await published(programs.db, "evaluations", evaluation["id"])
    path = f"/evaluations/{evaluation['id']}"

    nothing = await post(programs, f"{path}/corrections", {"score": 3})
    assert nothing.status_code == 422 and nothing.json()["detail"].startswith("reason:")
    fix = {
        "reason": "omzet salah ketik: satu nol kelebihan",
        "indicators": {"monthly_revenue": 15_000_000},
    }
    r = await post(programs, f"{path}/corrections", fix)
    assert r.status_code == 200, r.text
    shown = (await programs.http.get(path, headers=token(CITY))).json()
    assert shown["indicators"]["monthly_revenue"] == 15_000_000 and shown["score"] == 4
    [correction] = shown["history"]
    assert correction["kind"] == "correction" and correction["reason"] == fix["reason"]
    assert correction["previous"]["indicators"]["monthly_revenue"] == 150_000_000
    assert correction["by"] == "tester"

    record = await read_topic(
        programs.kafka,
        "ukm.evaluated",
        until=lambda r: (
            json.loads(r.value)["evaluation_id"] == evaluation["id"]
            and json.loads(r.value)["monthly_revenue"] == 15_000_000
        ),
    )
    assert record.key == business.encode()


async def test_a_withdrawn_evaluation_stays_in_the_history_and_counts_no_more(
    programs: ProgramsService,
) -> None:
    program_id, business = await enrolled(programs, "Anyaman Dobel Input")
    ids = []
    for day, score in (("2022-01-10", 2), ("2022-06-10", 4), ("2022-06-11", 5)):
        r = await evaluate(programs, program_id, business, evaluated_on=day, score=score)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    await published(programs.db, "evaluations", ids[2])
    wrong = f"/evaluations/{ids[2]}"
    r = await post(programs, f"{wrong}/withdraw", {"reason": "kunjungan tercatat dua kali"})
    assert r.status_code == 200, r.text
    assert (
        r.json()["withdrawn_at"] and r.json()["withdrawal_reason"] == "kunjungan tercatat dua kali"
    )
    assert [h["kind"] for h in r.json()["history"]] == ["withdrawal"]

    history = await programs.http.get(f"/members/{business}/evaluations", headers=token(CITY))
    body = history.json()
    assert [e["id"] for e in body["evaluations"]] == ids  # still listed, marked withdrawn
    assert body["score_change"] == 2  # 2 -> 4; the withdrawn 5 counts no more
    again = await post(programs, f"{wrong}/corrections", {"reason": "x", "score": 3})
    assert again.status_code == 409
    twice = await post(programs, f"{wrong}/withdraw", {"reason": "x"})
    assert twice.status_code == 409


async def test_an_enrolment_is_corrected_or_withdrawn_with_a_reason(
    programs: ProgramsService,
) -> None:
    program_id, business = await enrolled(programs, "Gerabah Tanggal Keliru")
    r = await evaluate(programs, program_id, business, evaluated_on="2022-02-01", score=3)
    evaluation_id = r.json()["id"]
    await published(programs.db, "evaluations", evaluation_id)
    path = f"/programs/{program_id}/beneficiaries/{business}"

    late = await post(programs, f"{path}/corrections", {"reason": "x", "enrolled_on": "2022-03-01"})
    assert late.status_code == 422 and late.json()["detail"].startswith("enrolled_on:")
    fix = {"reason": "SK binaan bertanggal 15 Oktober", "enrolled_on": "2021-10-15"}
    r = await post(programs, f"{path}/corrections", fix)
    assert r.status_code == 200, r.text
    assert r.json()["enrolled_on"] == "2021-10-15"
    assert r.json()["history"][0]["previous"] == {"enrolled_on": "2021-11-01"}

    blocked = await post(programs, f"{path}/withdraw", {"reason": "bukan UKM binaan"})
    assert blocked.status_code == 409 and "evaluation" in blocked.json()["detail"]
    r = await post(programs, f"/evaluations/{evaluation_id}/withdraw", {"reason": "bukan binaan"})
    assert r.status_code == 200, r.text
    r = await post(programs, f"{path}/withdraw", {"reason": "bukan UKM binaan"})
    assert r.status_code == 200, r.text
    shown = (await programs.http.get(path, headers=token(CITY))).json()
    assert [h["kind"] for h in shown["history"]] == ["correction", "withdrawal"]
    after = await evaluate(programs, program_id, business, evaluated_on="2022-05-01", score=3)
    assert after.status_code == 422 and after.json()["detail"].startswith("member_id:")
