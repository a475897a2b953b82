"""An event must end after it starts, when scheduled and when rescheduled."""

import pytest

from tests.conftest import token
from tests.integration.events.harness import EventsService, body

pytestmark = pytest.mark.integration
AT = "2021-10-18T09:00:00+07:00"


async def test_an_event_that_ends_when_it_starts_is_refused(events: EventsService) -> None:
    r = await events.http.post(
        "/events", json=body("33.75", "Rakor", AT, AT), headers=token("33.75")
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == "ends_at: ends_at must come after starts_at"
    same_instant = body("33.75", "Rakor", AT, "2021-10-18T10:00:00+08:00")  # 09:00 WIB
    r = await events.http.post("/events", json=same_instant, headers=token("33.75"))
    assert r.status_code == 422 and r.json()["detail"].startswith("ends_at:")


async def test_a_reschedule_to_no_time_at_all_is_refused(events: EventsService) -> None:
    created = await events.http.post(
        "/events",
        json=body("33.75", "Rakor", AT, "2021-10-18T12:00:00+07:00"),
        headers=token("33.75"),
    )
    assert created.status_code == 201, created.text
    r = await events.http.post(
        f"/events/{created.json()['id']}/reschedule",
        json={"starts_at": AT, "ends_at": AT},
        headers=token("33.75"),
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("ends_at:")
