"""Access across councils: viewers read, secretariats write within scope, the rest is unseen."""

import pytest

from tests.conftest import token
from tests.integration.events.harness import EventsService, body, unique

pytestmark = pytest.mark.integration


async def _kota_bengkulu_event(events: EventsService) -> str:
    new = body(
        "17.71",
        "Rakor Dekranasda Kota Bengkulu",
        "2021-04-05T09:00:00+07:00",
        "2021-04-05T12:00:00+07:00",
        type="rakor",
        venue=unique("Balai Kota"),
    )
    r = await events.http.post("/events", json=new, headers=token("17"))
    assert r.status_code == 201, r.text
    event_id: str = r.json()["id"]
    return event_id


async def test_an_event_is_seen_within_scope_only(events: EventsService) -> None:
    event_id = await _kota_bengkulu_event(events)
    for region in ("17.71", "17", "ID"):
        r = await events.http.get(f"/events/{event_id}", headers=token(region, "viewer"))
        assert r.status_code == 200, region
    for region in ("33.75", "17.01", "18"):
        r = await events.http.get(f"/events/{event_id}", headers=token(region))
        assert r.status_code == 404, region
        assert r.headers["content-type"] == "application/problem+json"
    listed = await events.http.get("/events", params={"size": 200}, headers=token("33.75"))
    assert event_id not in [e["id"] for e in listed.json()["items"]]
    filtered = await events.http.get("/events", params={"council": "17.71"}, headers=token("33.75"))
    assert filtered.json()["total"] == 0
    mine = await events.http.get("/events", params={"council": "17.71"}, headers=token("17"))
    assert event_id in [e["id"] for e in mine.json()["items"]]


async def test_writes_outside_scope_are_unseen_and_a_body_naming_one_is_forbidden(
    events: EventsService,
) -> None:
    event_id = await _kota_bengkulu_event(events)
    r = await events.http.post(f"/events/{event_id}/cancel", headers=token("33.75"))
    assert r.status_code == 404
    r = await events.http.post(f"/events/{event_id}/conclude", headers=token("17.01"))
    assert r.status_code == 404
    outside = body("17", "Rakerda", "2021-03-23T09:00:00+07:00", "2021-03-23T16:00:00+07:00")
    r = await events.http.post("/events", json=outside, headers=token("17.71"))
    assert r.status_code == 403 and r.json()["detail"].startswith("council:")


async def test_viewers_read_but_do_not_write(events: EventsService) -> None:
    event_id = await _kota_bengkulu_event(events)
    (member,) = await events.feed.members("17.71", "Ibu Ketua")
    viewer = token("17", "viewer")
    assert (await events.http.get(f"/events/{event_id}", headers=viewer)).status_code == 200
    new = body("17.71", "X", "2021-04-06T09:00:00+07:00", "2021-04-06T10:00:00+07:00")
    assert (await events.http.post("/events", json=new, headers=viewer)).status_code == 403
    for path, payload in (
        ("registrations", {"member_id": member}),
        ("check-ins", {"member_id": member}),
        ("cancel", None),
    ):
        r = await events.http.post(f"/events/{event_id}/{path}", json=payload, headers=viewer)
        assert r.status_code == 403, path


async def test_a_member_outside_the_callers_scope_is_unknown(events: EventsService) -> None:
    event_id = await _kota_bengkulu_event(events)
    (pekalongan,) = await events.feed.members("33.75", "Batik Jetayu")
    (bengkulu,) = await events.feed.members("17", "Pengurus provinsi")
    url = f"/events/{event_id}/registrations"
    r = await events.http.post(url, json={"member_id": pekalongan}, headers=token("17"))
    assert r.status_code == 422 and r.json()["detail"].startswith("member_id:")
    r = await events.http.post(url, json={"member_id": bengkulu}, headers=token("17"))
    assert r.status_code == 201
    r = await events.http.post(url, json={"member_id": bengkulu}, headers=token("17.71"))
    assert r.status_code == 422  # a city's token does not reach a province member


async def test_no_token_is_unauthorised(events: EventsService) -> None:
    r = await events.http.get("/events")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert (await events.http.get("/health")).status_code == 200
