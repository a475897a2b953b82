"""A program's assisted businesses and evaluations as lists, with the businesses' names."""

from typing import Any

import pytest

from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, new_id, running_program

CITY = "33.75"

# the first test may wait for the shared app to replay the topics' history
pytestmark = pytest.mark.timeout(900)


async def _post(programs: ProgramsService, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = await programs.http.post(path, json=body, headers=token(CITY))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_a_programs_beneficiaries_and_evaluations_are_listed_with_names(
    programs: ProgramsService,
) -> None:
    program = await running_program(programs, CITY, category="monev")
    batik = await programs.feed.member(CITY, "Batik Sékar Jagad")
    tenun = await programs.feed.member(CITY, "Tenun Ikat Pekalongan")
    path = f"/programs/{program['id']}"

    enrolled = await _post(
        programs, f"{path}/beneficiaries", {"member_id": batik, "enrolled_on": "2021-11-01"}
    )
    assert enrolled["member_name"] == "Batik Sékar Jagad"
    await _post(
        programs, f"{path}/beneficiaries", {"member_id": tenun, "enrolled_on": "2021-11-05"}
    )

    first = await programs.http.get(f"{path}/beneficiaries?size=1", headers=token(CITY))
    assert first.status_code == 200, first.text
    assert first.json()["total"] == 2 and first.json()["size"] == 1
    assert [(b["member_id"], b["member_name"]) for b in first.json()["items"]] == [
        (batik, "Batik Sékar Jagad")
    ]
    second = await programs.http.get(f"{path}/beneficiaries?size=1&page=2", headers=token(CITY))
    assert [b["member_name"] for b in second.json()["items"]] == ["Tenun Ikat Pekalongan"]

    visit = {"program_id": program["id"], "score": 3}
    await _post(
        programs, "/evaluations", {**visit, "member_id": batik, "evaluated_on": "2022-01-10"}
    )
    await _post(
        programs, "/evaluations", {**visit, "member_id": tenun, "evaluated_on": "2022-03-10"}
    )
    await _post(
        programs, "/evaluations", {**visit, "member_id": batik, "evaluated_on": "2022-06-10"}
    )

    r = await programs.http.get(f"{path}/evaluations", headers=token(CITY))
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 3
    assert [(e["evaluated_on"], e["member_name"]) for e in r.json()["items"]] == [
        ("2022-06-10", "Batik Sékar Jagad"),
        ("2022-03-10", "Tenun Ikat Pekalongan"),
        ("2022-01-10", "Batik Sékar Jagad"),
    ]
    history = await programs.http.get(f"/members/{batik}/evaluations", headers=token(CITY))
    assert history.json()["member_name"] == "Batik Sékar Jagad"


async def test_the_lists_of_a_program_outside_the_scope_are_not_found(
    programs: ProgramsService,
) -> None:
    program = await running_program(programs, CITY, category="monev")
    for what in ("beneficiaries", "evaluations"):
        outside = await programs.http.get(f"/programs/{program['id']}/{what}", headers=token("17"))
        assert outside.status_code == 404, outside.text
        unknown = await programs.http.get(f"/programs/{new_id('p')}/{what}", headers=token(CITY))
        assert unknown.status_code == 404
        province = await programs.http.get(
            f"/programs/{program['id']}/{what}", headers=token("33", "viewer")
        )
        assert province.status_code == 200 and province.json()["total"] == 0
