"""A concluded training or exhibition adds its attendance to the program once per event."""

from datetime import UTC, datetime
from typing import Any

import pytest

from shared.contracts import EventConcluded
from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, new_id, running_program

CITY = "33.75"

# the first test may wait for the shared app to replay the topics' history
pytestmark = pytest.mark.timeout(900)


def concluded(
    program: dict[str, Any], attendance: int, *, type: str = "training"
) -> EventConcluded:
    return EventConcluded(
        council=program["council"],
        event_id=new_id("ev"),
        type=type,
        program_id=program["id"],
        held_at=datetime(2021, 11, 10, 2, tzinfo=UTC),
        ended_at=datetime(2021, 11, 10, 9, tzinfo=UTC),
        attendance=attendance,
    )


async def participants_of(programs: ProgramsService, program_id: str) -> dict[str, Any]:
    r = await programs.http.get(f"/programs/{program_id}", headers=token(CITY))
    body: dict[str, Any] = r.json()
    return {
        "actual": next(k["actual"] for k in body["kpis"] if k["key"] == "participants"),
        "counted": body["counted_event_ids"],
    }


async def test_a_training_counts_once_however_often_it_is_delivered(
    programs: ProgramsService,
) -> None:
    feed = programs.feed
    program = await running_program(programs, CITY)
    training = concluded(program, 25)
    first = await feed.conclude(training)
    await feed.conclude(training, ce_id=first)  # redelivered: the same message
    resent = await feed.conclude(training)  # re-sent by the events service under a new ce_id
    await feed.applied("attendance", resent)  # same key and topic: the copies before are done
    assert await participants_of(programs, program["id"]) == {
        "actual": 25,
        "counted": [training.event_id],
    }

    exhibition = concluded(program, 10, type="exhibition")
    await feed.applied("attendance", await feed.conclude(exhibition))
    assert (await participants_of(programs, program["id"]))["actual"] == 35


async def test_other_events_and_unknown_programs_count_nothing(programs: ProgramsService) -> None:
    feed = programs.feed
    program = await running_program(programs, CITY)
    rakor = concluded(program, 40, type="rakor")
    await feed.applied("attendance", await feed.conclude(rakor))
    elsewhere = concluded({"council": CITY, "id": new_id("program")}, 40)
    await feed.applied("attendance", await feed.conclude(elsewhere))
    assert await participants_of(programs, program["id"]) == {"actual": 0, "counted": []}


async def test_attendance_moves_every_kpi_that_measures_attendance_whatever_its_key(
    programs: ProgramsService,
) -> None:
    kpis = [
        {
            "key": "peserta",
            "name": "Peserta",
            "unit": "orang",
            "target": 60,
            "measure": "attendance",
        },
        {"key": "pengunjung", "name": "Pengunjung", "unit": "orang", "target": 900},
        {"key": "kunjungan", "name": "Kunjungan", "unit": "kali", "target": 4, "measure": "manual"},
    ]
    program = await running_program(programs, CITY, kpis=kpis)
    assert [k["measure"] for k in program["kpis"]] == ["attendance", "manual", "manual"]
    await programs.feed.applied("attendance", await programs.feed.conclude(concluded(program, 25)))
    r = await programs.http.get(f"/programs/{program['id']}", headers=token(CITY))
    assert {k["key"]: k["actual"] for k in r.json()["kpis"]} == {
        "peserta": 25,
        "pengunjung": 0,
        "kunjungan": 0,
    }


async def test_a_kpi_keyed_participants_without_a_measure_still_counts_attendance(
    programs: ProgramsService,
) -> None:
    program = await running_program(programs, CITY)  # the harness's KPI `participants`
    assert program["kpis"][0]["measure"] == "attendance"
    await programs.feed.applied("attendance", await programs.feed.conclude(concluded(program, 7)))
    assert (await participants_of(programs, program["id"]))["actual"] == 7
