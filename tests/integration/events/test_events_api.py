"""The agenda over HTTP on the real stack: scheduling, checks naming the field, registrations."""

import json

import pytest

from tests.conftest import token
from tests.helpers import read_topic
from tests.integration.events.harness import EventsService, body, unique

pytestmark = pytest.mark.integration


async def test_bengkulu_rakerda_is_recorded_after_the_fact(events: EventsService) -> None:
    rakerda = body(
        "17",
        "Rapat Kerja Daerah Dekranasda Provinsi Bengkulu 2021",
        "2021-03-23T09:00:00+07:00",
        "2021-03-23T16:00:00+07:00",
        type="rakerda",
        venue="Auditorium Hotel Grage",
        capacity=150,
    )
    r = await events.http.post("/events", json=rakerda, headers=token("17"))
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["starts_at"] == "2021-03-23T02:00:00Z"
    assert created["local_starts_at"] == "2021-03-23T09:00:00+07:00"
    assert created["local_ends_at"] == "2021-03-23T16:00:00+07:00"
    assert created["time_zone"] == "Asia/Jakarta" and created["council_name"] == "Bengkulu"
    assert created["status"] == "scheduled" and created["warnings"] == []

    shown = await events.http.get(f"/events/{created['id']}", headers=token("17", "viewer"))
    assert shown.status_code == 200
    assert shown.json()["venue"] == "Auditorium Hotel Grage"
    record = await read_topic(
        events.kafka, "event.scheduled", until=lambda rec: rec.key == created["id"].encode()
    )
    payload = json.loads(record.value)
    assert payload["type"] == "rakerda" and payload["capacity"] == 150
    assert payload["starts_at"] == "2021-03-23T02:00:00Z"


async def test_an_end_before_the_start_names_ends_at(events: EventsService) -> None:
    wrong = body("33.75", "Rakor", "2021-10-18T12:00:00+07:00", "2021-10-18T09:00:00+07:00")
    r = await events.http.post("/events", json=wrong, headers=token("33.75"))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"].startswith("ends_at:")


async def test_a_time_without_offset_names_the_field(events: EventsService) -> None:
    naive = body("33.75", "Rakor", "2021-10-18T09:00:00", "2021-10-18T12:00:00+07:00")
    r = await events.http.post("/events", json=naive, headers=token("33.75"))
    assert r.status_code == 422 and r.json()["detail"].startswith("starts_at:")


async def test_unknown_program_term_and_member_name_the_field(events: EventsService) -> None:
    training = body(
        "33.75",
        "Pelatihan",
        "2021-11-02T08:00:00+07:00",
        "2021-11-02T15:00:00+07:00",
        type="training",
        program_id="no-such-program",
    )
    r = await events.http.post("/events", json=training, headers=token("33.75"))
    assert r.status_code == 422 and r.json()["detail"].startswith("program_id:")

    inauguration = body(
        "33.75",
        "Pengukuhan",
        "2021-10-26T09:00:00+07:00",
        "2021-10-26T11:00:00+07:00",
        type="inauguration",
        term_ids=["no-such-term"],
    )
    r = await events.http.post("/events", json=inauguration, headers=token("33.75"))
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "term_ids[0]", "message": "unknown term no-such-term"}]

    del training["program_id"]
    created = await events.http.post("/events", json=training, headers=token("33.75"))
    event_id = created.json()["id"]
    r = await events.http.post(
        f"/events/{event_id}/registrations", json={"member_id": "nobody"}, headers=token("33.75")
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("member_id:")


async def test_a_program_must_be_an_approved_one_of_the_same_council(
    events: EventsService,
) -> None:
    approved = await events.feed.program("33.75")
    completed = await events.feed.program("33.75", completed=True)
    training = body(
        "33.75",
        "Pelatihan batik",
        "2021-11-02T08:00:00+07:00",
        "2021-11-02T15:00:00+07:00",
        type="training",
        venue=unique("Gedung Kesenian"),
    )
    r = await events.http.post(
        "/events", json={**training, "program_id": approved}, headers=token("33.75")
    )
    assert r.status_code == 201 and r.json()["program_id"] == approved
    elsewhere = {**training, "council": "17", "program_id": approved}
    r = await events.http.post("/events", json=elsewhere, headers=token("17"))
    assert r.status_code == 422 and r.json()["detail"].startswith("program_id:")
    r = await events.http.post(
        "/events", json={**training, "program_id": completed}, headers=token("33.75")
    )
    assert r.status_code == 422 and "not approved" in r.json()["detail"]


async def test_capacity_waitlist_and_promotion(events: EventsService) -> None:
    ani, budi, citra = await events.feed.members("33.75", "Ani", "Budi", "Citra")
    training = body(
        "33.75",
        "Pelatihan pewarnaan alami",
        "2021-11-09T08:00:00+07:00",
        "2021-11-09T15:00:00+07:00",
        type="training",
        capacity=2,
    )
    event_id = (await events.http.post("/events", json=training, headers=token("33.75"))).json()[
        "id"
    ]
    url = f"/events/{event_id}/registrations"
    statuses = []
    for member_id in (ani, budi, citra):
        r = await events.http.post(url, json={"member_id": member_id}, headers=token("33.75"))
        assert r.status_code == 201, r.text
        statuses.append(r.json()["status"])
    assert statuses == ["confirmed", "confirmed", "waitlisted"]

    twice = await events.http.post(url, json={"member_id": ani}, headers=token("33.75"))
    assert twice.status_code == 409 and twice.json()["detail"].startswith("member_id:")

    dropped = await events.http.delete(f"{url}/{ani}", headers=token("33.75"))
    assert dropped.status_code == 200
    assert dropped.json()["promoted"]["member_id"] == citra
    assert dropped.json()["promoted"]["status"] == "confirmed"
    detail = (await events.http.get(f"/events/{event_id}", headers=token("33.75"))).json()
    assert (detail["confirmed"], detail["waitlisted"]) == (2, 0)
    assert [r["member_id"] for r in detail["registrations"]] == [budi, citra]
    again = await events.http.delete(f"{url}/{ani}", headers=token("33.75"))
    assert again.status_code == 404


async def test_check_in_only_for_confirmed_registrants_from_the_day_on(
    events: EventsService,
) -> None:
    dewi, eko, fajar = await events.feed.members("33.75", "Dewi", "Eko", "Fajar")
    past = body(
        "33.75",
        "Pameran batik",
        "2021-12-01T09:00:00+07:00",
        "2021-12-03T17:00:00+07:00",
        type="exhibition",
        capacity=1,
    )
    event_id = (await events.http.post("/events", json=past, headers=token("33.75"))).json()["id"]
    for member_id in (dewi, eko):
        await events.http.post(
            f"/events/{event_id}/registrations",
            json={"member_id": member_id},
            headers=token("33.75"),
        )
    check_ins = f"/events/{event_id}/check-ins"
    waitlisted = await events.http.post(check_ins, json={"member_id": eko}, headers=token("33.75"))
    assert waitlisted.status_code == 409 and waitlisted.json()["detail"].startswith("member_id:")
    stranger = await events.http.post(check_ins, json={"member_id": fajar}, headers=token("33.75"))
    assert stranger.status_code == 409
    ok = await events.http.post(check_ins, json={"member_id": dewi}, headers=token("33.75"))
    assert ok.status_code == 200 and ok.json()["checked_in_at"] is not None

    future = {
        **past,
        "starts_at": "2099-12-01T09:00:00+07:00",
        "ends_at": "2099-12-01T12:00:00+07:00",
    }
    later = (await events.http.post("/events", json=future, headers=token("33.75"))).json()["id"]
    await events.http.post(
        f"/events/{later}/registrations", json={"member_id": dewi}, headers=token("33.75")
    )
    early = await events.http.post(
        f"/events/{later}/check-ins", json={"member_id": dewi}, headers=token("33.75")
    )
    assert early.status_code == 422 and early.json()["detail"].startswith("checked_in_at:")

    concluded = await events.http.post(f"/events/{event_id}/conclude", headers=token("33.75"))
    assert concluded.status_code == 200
    assert concluded.json()["attendance"] == 1 and concluded.json()["attendee_ids"] == [dewi]


async def test_venue_overlaps_are_warnings_not_refusals(events: EventsService) -> None:
    venue = unique("Ruang Jetayu")
    rakor = body(
        "33.75",
        "Rakor Dekranasda Kota Pekalongan",
        "2021-10-18T09:00:00+07:00",
        "2021-10-18T12:00:00+07:00",
        type="rakor",
        venue=venue,
    )
    first = await events.http.post("/events", json=rakor, headers=token("33.75"))
    assert first.status_code == 201 and first.json()["warnings"] == []
    clash = body(
        "33.75",
        "Sosialisasi",
        "2021-10-18T11:00:00+07:00",
        "2021-10-18T13:00:00+07:00",
        venue=f"  {venue.upper()} ",
    )
    second = await events.http.post("/events", json=clash, headers=token("33.75"))
    assert second.status_code == 201
    warnings = second.json()["warnings"]
    assert [w["event_id"] for w in warnings] == [first.json()["id"]]
    assert warnings[0]["code"] == "venue_overlap"
    assert warnings[0]["local_starts_at"] == "2021-10-18T09:00:00+07:00"

    moved = await events.http.post(
        f"/events/{second.json()['id']}/reschedule",
        json={"starts_at": "2021-10-18T13:00:00+07:00", "ends_at": "2021-10-18T15:00:00+07:00"},
        headers=token("33.75"),
    )
    assert moved.status_code == 200 and moved.json()["warnings"] == []
    back = await events.http.post(
        f"/events/{second.json()['id']}/reschedule",
        json={"starts_at": "2021-10-18T10:00:00+07:00", "ends_at": "2021-10-18T11:00:00+07:00"},
        headers=token("33.75"),
    )
    assert [w["event_id"] for w in back.json()["warnings"]] == [first.json()["id"]]

    elsewhere = await events.http.post(
        "/events", json={**clash, "council": "33.26"}, headers=token("33")
    )
    assert elsewhere.status_code == 201 and elsewhere.json()["warnings"] == []


async def test_lists_filter_by_council_type_and_days_in_the_councils_zone(
    events: EventsService,
) -> None:
    makassar = "73.71"
    days = [
        ("rakor", "2021-10-17T23:30:00+08:00", "2021-10-18T01:00:00+08:00"),
        ("training", "2021-10-18T09:00:00+08:00", "2021-10-18T12:00:00+08:00"),
        ("training", "2021-10-20T09:00:00+08:00", "2021-10-20T12:00:00+08:00"),
    ]
    ids = []
    for kind, start, end in days:
        r = await events.http.post(
            "/events", json=body(makassar, kind, start, end, type=kind), headers=token("73")
        )
        ids.append(r.json()["id"])
    r = await events.http.get(
        "/events",
        params={"council": makassar, "from": "2021-10-18", "to": "2021-10-18"},
        headers=token("73", "viewer"),
    )
    assert [e["id"] for e in r.json()["items"]] == ids[:2]
    assert r.json()["items"][1]["local_starts_at"] == "2021-10-18T09:00:00+08:00"
    r = await events.http.get(
        "/events", params={"council": makassar, "type": "training", "size": 1}, headers=token("73")
    )
    page = r.json()
    assert page["total"] == 2 and [e["id"] for e in page["items"]] == [ids[1]]
    r = await events.http.get("/events", params={"size": 1000}, headers=token("73"))
    assert r.status_code == 422
    r = await events.http.get(
        "/events", params={"from": "2021-10-20", "to": "2021-10-18"}, headers=token("73")
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("to:")
