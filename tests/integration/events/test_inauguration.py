"""Bengkulu inaugurates its province board and its 10 regency/city boards in one ceremony."""

import json

import pytest

from tests.conftest import token
from tests.helpers import headers_of, read_topic
from tests.integration.events.harness import EventsService, body

pytestmark = pytest.mark.integration
BENGKULU_BOARDS = ["17", *(f"17.0{n}" for n in range(1, 10)), "17.71"]


def _pengukuhan(term_ids: list[str]) -> dict[str, object]:
    return body(
        "17",
        "Pengukuhan Pengurus Dekranasda Provinsi dan Kabupaten/Kota se-Provinsi Bengkulu",
        "2021-03-23T13:00:00+07:00",
        "2021-03-23T15:00:00+07:00",
        type="inauguration",
        venue="Gedung Daerah Balai Raya Semarak",
        term_ids=term_ids,
    )


async def test_province_and_its_ten_boards_are_inaugurated_in_one_event(
    events: EventsService,
) -> None:
    terms = await events.feed.terms(*BENGKULU_BOARDS, start=2021, end=2024)
    r = await events.http.post("/events", json=_pengukuhan(terms), headers=token("17"))
    assert r.status_code == 201, r.text
    event = r.json()
    assert event["term_ids"] == terms

    r = await events.http.post(f"/events/{event['id']}/conclude", headers=token("17"))
    assert r.status_code == 200, r.text
    record = await read_topic(
        events.kafka, "event.concluded", until=lambda rec: rec.key == event["id"].encode()
    )
    payload = json.loads(record.value)
    assert payload["type"] == "inauguration" and payload["term_ids"] == terms
    assert payload["held_at"] == "2021-03-23T06:00:00Z"
    assert headers_of(record)["ce_region"] == "17"


async def test_a_term_of_another_province_names_its_place_in_the_list(
    events: EventsService,
) -> None:
    bengkulu, lampung = await events.feed.terms("17.71", "18.71")
    r = await events.http.post(
        "/events", json=_pengukuhan([bengkulu, lampung]), headers=token("17")
    )
    assert r.status_code == 422
    assert r.json()["detail"].startswith("term_ids[1]:")


async def test_a_city_cannot_inaugurate_its_province_board(events: EventsService) -> None:
    province, city = await events.feed.terms("17", "17.71")
    city_event = {**_pengukuhan([city, province]), "council": "17.71"}
    r = await events.http.post("/events", json=city_event, headers=token("17.71"))
    assert r.status_code == 422 and r.json()["detail"].startswith("term_ids[1]:")


async def test_a_term_no_longer_draft_cannot_be_inaugurated_again(events: EventsService) -> None:
    (term,) = await events.feed.terms("17.01")
    await events.feed.inaugurated(term, "17.01")
    r = await events.http.post("/events", json=_pengukuhan([term]), headers=token("17"))
    assert r.status_code == 409 and r.json()["detail"].startswith("term_ids[0]:")


async def test_an_inauguration_needs_terms_and_only_it_has_them(events: EventsService) -> None:
    r = await events.http.post("/events", json=_pengukuhan([]), headers=token("17"))
    assert r.status_code == 422 and r.json()["detail"].startswith("term_ids:")
    (term,) = await events.feed.terms("17.02")
    rakor = {**_pengukuhan([term]), "type": "rakor"}
    r = await events.http.post("/events", json=rakor, headers=token("17"))
    assert r.status_code == 422 and r.json()["detail"].startswith("term_ids:")


async def test_a_term_older_than_the_councils_inaugurated_one_cannot_be_listed(
    events: EventsService,
) -> None:
    # Lampung, far-off periods: the demo's Bengkulu boards live on the same broker
    (old,) = await events.feed.terms("18.06", start=2046, end=2050)
    (current,) = await events.feed.terms("18.06", start=2051, end=2055)
    await events.feed.inaugurated(current, "18.06", start=2051, end=2055)
    r = await events.http.post("/events", json=_in_lampung([old]), headers=token("18"))
    assert r.status_code == 409, r.text
    detail = r.json()["detail"]
    assert detail.startswith("term_ids[0]:") and current in detail and "older" in detail


async def test_concluding_checks_the_terms_again(events: EventsService) -> None:
    (term,) = await events.feed.terms("18.07", start=2056, end=2060)
    r = await events.http.post("/events", json=_in_lampung([term]), headers=token("18"))
    assert r.status_code == 201, r.text
    await events.feed.inaugurated(term, "18.07", start=2056, end=2060)  # directly, meanwhile
    r = await events.http.post(f"/events/{r.json()['id']}/conclude", headers=token("18"))
    assert r.status_code == 409, r.text
    assert r.json()["detail"].startswith("term_ids[0]:") and "not a draft" in r.json()["detail"]


def _in_lampung(term_ids: list[str]) -> dict[str, object]:
    return {**_pengukuhan(term_ids), "council": "18", "venue": None}
