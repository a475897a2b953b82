"""Bad input to the events service on the real stack: problems, dead letters, a clean feed."""

import uuid

import pytest

from services.events.projections import MEMBERS
from shared.contracts import Envelope
from shared.pagination import MAX_PAGE
from tests.conftest import token
from tests.helpers import headers_of, produce, read_topic
from tests.integration.events.harness import EventsService, body

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


@pytest.mark.parametrize("code", ["35%E2%82%AC", "x35", "35.", "%2035"])
async def test_a_malformed_council_code_has_no_calendar(events: EventsService, code: str) -> None:
    r = await events.http.get(f"/councils/{code}/calendar.ics", headers=token("ID", "admin"))
    assert r.status_code == 404, r.text
    assert r.headers["content-type"] == PROBLEM


async def test_jawa_timur_still_has_its_calendar(events: EventsService) -> None:
    r = await events.http.get("/councils/35/calendar.ics", headers=token("ID", "admin"))
    assert r.status_code == 200 and b"Jawa Timur" in r.content


async def test_a_title_with_control_characters_is_refused(events: EventsService) -> None:
    new = body(
        "91", "Rakor\u001fJayapura", "2026-03-01T09:00:00+09:00", "2026-03-01T12:00:00+09:00"
    )
    r = await events.http.post("/events", json=new, headers=token("91"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["detail"] == "title: must be a single line without control characters"


async def test_a_huge_page_number_is_refused(events: EventsService) -> None:
    r = await events.http.get("/events", params={"page": 10**18}, headers=token("ID", "admin"))
    assert r.status_code == 422 and r.json()["detail"] == f"page: must be at most {MAX_PAGE}"


async def test_a_member_with_a_921600_character_name_is_dead_lettered_not_stored(
    events: EventsService,
) -> None:
    member_id = f"m-{uuid.uuid4().hex[:12]}"
    record = {"council": "33.75", "member_id": member_id, "kind": "person", "revision": 1}
    value = f'{{"name": "{"n" * 921_600}", ' + str(record).replace("'", '"')[1:]
    envelope = Envelope(
        type="member.registered",
        source="/dekranasda/33.75/membership",
        subject=member_id,
        dataschema="urn:dekranasda:schema:member.registered:v1",
        region="33.75",
    )
    await produce(
        events.kafka,
        "member.registered",
        value.encode(),
        key=member_id.encode(),
        headers=envelope.headers(),
    )
    dead = await read_topic(
        events.kafka, "dlq.events", until=lambda r: headers_of(r).get("ce_id") == envelope.id
    )
    assert "name" in headers_of(dead)["dlq_error"]
    assert await events.db[MEMBERS].find_one({"_id": member_id}) is None
