"""End to end: a person signs in at membership and works at programs and events with the
platform's token (verified against membership's published key set over HTTP); a calendar
app subscribes to a feed with a key."""

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import token
from tests.platform import Platform, platform
from tests.stack import Stack

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def running(stack: Stack) -> Iterator[Platform]:
    with platform(stack, f"e2e{uuid.uuid4().hex[:8]}", fresh=True) as deployment:
        yield deployment


def _person(p: Platform, council: str, role: str) -> dict[str, str]:
    address = f"{role}.{uuid.uuid4().hex[:8]}@example.id"
    body = {"email": address, "name": "P", "password": PASSWORD, "council": council, "role": role}
    with p.client("membership") as c:
        r = c.post("/accounts", json=body, headers=token("ID", "admin", sub="operator"))
        assert r.status_code == 201, r.text
        r = c.post("/auth/token", json={"email": address, "password": PASSWORD})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_a_signed_in_person_works_at_every_service_within_their_grant(
    running: Platform,
) -> None:
    auth = _person(running, "33.75", "secretariat")
    with running.client("programs") as c:
        assert c.get("/programs", headers=auth).status_code == 200
        r = c.get("/programs", params={"council": "17"}, headers=auth)
        assert r.status_code == 200 and r.json()["items"] == []
    with running.client("events") as c:
        assert c.get("/events", headers=auth).status_code == 200
        body = {
            "council": "17",
            "type": "rakor",
            "title": "Outside",
            "starts_at": "2026-03-01T09:00:00+07:00",
            "ends_at": "2026-03-01T12:00:00+07:00",
        }
        assert c.post("/events", json=body, headers=auth).status_code == 403
    forged = {"Authorization": auth["Authorization"][:-4] + "AAAA"}
    with running.client("events") as c:
        assert c.get("/events", headers=forged).status_code == 401


def test_a_calendar_app_subscribes_over_http_without_a_bearer(running: Platform) -> None:
    auth = _person(running, "33.75", "secretariat")
    with running.client("events") as c:
        r = c.post("/councils/33.75/feed-keys", headers=auth)
        assert r.status_code == 201, r.text
        made = r.json()
    assert made["url"].startswith(running.urls["events"])
    assert made["webcal_url"].startswith("webcal://127.0.0.1:")
    r = httpx.get(made["url"], timeout=15)  # as a calendar app fetches it: no header at all
    assert r.status_code == 200 and r.text.startswith("BEGIN:VCALENDAR")
