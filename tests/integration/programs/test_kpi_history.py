"""A KPI's actual over time: manual progress and counted attendance each add a dated point."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.programs.migrations import MIGRATIONS
from shared.contracts import EventConcluded
from shared.migrations import migrate
from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, new_id, running_program

CITY = "33.75"
pytestmark = pytest.mark.timeout(900)  # the first test may wait for the shared app's replay
KPIS = [
    {"key": "peserta", "name": "Peserta", "unit": "orang", "target": 60, "measure": "attendance"},
    {"key": "kunjungan", "name": "Kunjungan", "unit": "kali", "target": 4, "measure": "manual"},
]


def history(program: dict[str, Any], key: str) -> list[dict[str, Any]]:
    kpi = next(k for k in program["kpis"] if k["key"] == key)
    return list(kpi["history"])


def instant(text: str) -> datetime:
    assert text.endswith("Z"), text  # stated in UTC
    return datetime.fromisoformat(text)


async def test_manual_progress_and_attendance_build_a_dated_history(
    programs: ProgramsService,
) -> None:
    began = datetime.now(UTC) - timedelta(seconds=1)
    program = await running_program(programs, CITY, kpis=KPIS)
    assert history(program, "kunjungan") == [] and history(program, "peserta") == []
    url = f"/programs/{program['id']}/kpis/kunjungan/progress"
    for body in ({"amount": 1}, {"actual": 3}):
        r = await programs.http.post(url, json=body, headers=token(CITY))
        assert r.status_code == 200, r.text
    concluded = EventConcluded(
        council=CITY,
        event_id=new_id("ev"),
        type="training",
        program_id=program["id"],
        held_at=datetime(2021, 11, 10, 2, tzinfo=UTC),
        ended_at=datetime(2021, 11, 10, 9, tzinfo=UTC),
        attendance=25,
    )
    await programs.feed.applied("attendance", await programs.feed.conclude(concluded))
    r = await programs.http.get(f"/programs/{program['id']}", headers=token(CITY))
    shown = r.json()
    manual, attendance = history(shown, "kunjungan"), history(shown, "peserta")
    assert [p["actual"] for p in manual] == [1, 3]
    assert [p["actual"] for p in attendance] == [25]
    times = [instant(p["at"]) for p in (*manual, *attendance)]
    assert began <= times[0] <= times[1] <= times[2] <= datetime.now(UTC)


async def test_a_stored_program_from_before_the_history_gets_one_point(
    programs: ProgramsService,
) -> None:
    saved = datetime(2023, 5, 2, 7, 30, tzinfo=UTC)
    program_id = new_id("program")
    await programs.db["programs"].insert_one(
        {
            "_id": program_id,
            "council": CITY,
            "term_id": new_id("term"),
            "title": "Pameran lama",
            "category": "exhibition",
            "kpis": [{**KPIS[0], "actual": 40}, {**KPIS[1], "actual": 0}],
            "budget": [],
            "status": "in_progress",
            "counted_event_ids": ["ev-old"],
            "revision": 4,
            "updated_at": saved,
            "_outbox": [],
        }
    )
    assert (await migrate(programs.db, MIGRATIONS))["programs"] == 1
    assert (await migrate(programs.db, MIGRATIONS))["programs"] == 0  # once only
    r = await programs.http.get(f"/programs/{program_id}", headers=token(CITY))
    assert r.status_code == 200, r.text
    shown = r.json()
    assert history(shown, "peserta") == [{"at": "2023-05-02T07:30:00Z", "actual": 40}]
    assert history(shown, "kunjungan") == [] and shown["revision"] == 4
