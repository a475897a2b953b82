"""The lifecycle on the real stack: each change is published as a CloudEvent on its topic."""

import json
from typing import Any

import pytest

from tests.conftest import token
from tests.helpers import headers_of, read_topic
from tests.integration.events.harness import EventsService, body, unique

pytestmark = pytest.mark.integration


async def _create(events: EventsService, **extra: Any) -> str:
    new = body(
        "33.75",
        "Pelatihan UMKM batik",
        "2021-11-02T08:00:00+07:00",
        "2021-11-02T15:00:00+07:00",
        type="training",
        venue=unique("Ruang Jetayu"),
        **extra,
    )
    r = await events.http.post("/events", json=new, headers=token("33.75"))
    assert r.status_code == 201, r.text
    event_id: str = r.json()["id"]
    return event_id


async def _published(events: EventsService, topic: str, event_id: str) -> tuple[Any, Any]:
    record = await read_topic(events.kafka, topic, until=lambda r: r.key == event_id.encode())
    headers = headers_of(record)
    assert headers["ce_specversion"] == "1.0" and headers["ce_type"] == topic
    assert headers["ce_subject"] == event_id and headers["ce_region"] == "33.75"
    assert headers["ce_source"] == "/dekranasda/ID/events"
    assert headers["ce_dataschema"] == f"urn:dekranasda:schema:{topic}:v1"
    assert headers["content-type"] == "application/json"
    return headers, json.loads(record.value)


async def test_reschedule_publishes_event_rescheduled_with_the_new_sequence(
    events: EventsService,
) -> None:
    event_id = await _create(events)
    r = await events.http.post(
        f"/events/{event_id}/reschedule",
        json={
            "starts_at": "2021-11-03T01:00:00Z",
            "ends_at": "2021-11-03T08:00:00Z",
            "venue": "Gedung Kanzus Sholawat",
        },
        headers={**token("33.75"), "X-Correlation-ID": "corr-reschedule"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["local_starts_at"] == "2021-11-03T08:00:00+07:00"
    assert r.json()["sequence"] == 1
    headers, payload = await _published(events, "event.rescheduled", event_id)
    assert headers["ce_correlationid"] == "corr-reschedule"
    assert payload == {
        "council": "33.75",
        "event_id": event_id,
        "venue": "Gedung Kanzus Sholawat",
        "starts_at": "2021-11-03T01:00:00Z",
        "ends_at": "2021-11-03T08:00:00Z",
        "sequence": 1,
    }


async def test_cancel_publishes_event_cancelled_and_ends_the_lifecycle(
    events: EventsService,
) -> None:
    event_id = await _create(events)
    r = await events.http.post(
        f"/events/{event_id}/cancel", json={"reason": "banjir rob"}, headers=token("33.75")
    )
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    _, payload = await _published(events, "event.cancelled", event_id)
    assert payload["reason"] == "banjir rob"
    for action in ("cancel", "conclude"):
        again = await events.http.post(f"/events/{event_id}/{action}", headers=token("33.75"))
        assert again.status_code == 409, action
    moved = await events.http.post(
        f"/events/{event_id}/reschedule",
        json={"starts_at": "2021-11-04T08:00:00+07:00", "ends_at": "2021-11-04T10:00:00+07:00"},
        headers=token("33.75"),
    )
    assert moved.status_code == 409


async def test_a_training_concluded_publishes_its_attendance(events: EventsService) -> None:
    program = await events.feed.program("33.75")
    ani, budi, citra = await events.feed.members("33.75", "Ani", "Budi", "Citra")
    event_id = await _create(events, program_id=program, capacity=10)
    for member_id in (ani, budi, citra):
        r = await events.http.post(
            f"/events/{event_id}/registrations",
            json={"member_id": member_id},
            headers=token("33.75"),
        )
        assert r.status_code == 201
    for member_id in (ani, citra):
        r = await events.http.post(
            f"/events/{event_id}/check-ins", json={"member_id": member_id}, headers=token("33.75")
        )
        assert r.status_code == 200
    r = await events.http.post(f"/events/{event_id}/conclude", headers=token("33.75"))
    assert r.status_code == 200 and r.json()["status"] == "concluded"
    _, payload = await _published(events, "event.concluded", event_id)
    assert payload["type"] == "training" and payload["program_id"] == program
    assert payload["attendance"] == 2 and payload["attendee_member_ids"] == [ani, citra]
    assert payload["held_at"] == "2021-11-02T01:00:00Z"
    assert payload["ended_at"] == "2021-11-02T08:00:00Z"


async def test_attendees_given_at_conclusion_must_be_known_members(events: EventsService) -> None:
    (dewi,) = await events.feed.members("33.75", "Dewi")
    event_id = await _create(events)
    r = await events.http.post(
        f"/events/{event_id}/conclude",
        json={"attendee_ids": [dewi, "nobody"]},
        headers=token("33.75"),
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("attendee_ids[1]:")
    r = await events.http.post(
        f"/events/{event_id}/conclude", json={"attendee_ids": [dewi]}, headers=token("33.75")
    )
    assert r.status_code == 200
    _, payload = await _published(events, "event.concluded", event_id)
    assert payload["attendance"] == 1 and payload["attendee_member_ids"] == [dewi]


async def test_pekalongan_inauguration_concluded_carries_its_term_and_when(
    events: EventsService,
) -> None:
    (term,) = await events.feed.terms("33.75", start=2021, end=2026)
    pengukuhan = body(
        "33.75",
        "Pengukuhan Pengurus Dekranasda Kota Pekalongan 2021-2026",
        "2021-10-26T09:00:00+07:00",
        "2021-10-26T11:00:00+07:00",
        type="inauguration",
        venue="Ruang Jetayu",
        term_ids=[term],
    )
    r = await events.http.post("/events", json=pengukuhan, headers=token("33.75"))
    assert r.status_code == 201, r.text
    event_id = r.json()["id"]
    r = await events.http.post(f"/events/{event_id}/conclude", headers=token("33.75"))
    assert r.status_code == 200
    _, payload = await _published(events, "event.concluded", event_id)
    assert payload["type"] == "inauguration" and payload["term_ids"] == [term]
    assert payload["held_at"] == "2021-10-26T02:00:00Z"
