"""Registrations and attendance carry the members' names, from the member read model."""

import pytest

from shared.contracts import MemberUpdated
from tests.conftest import token
from tests.helpers import eventually
from tests.integration.events.harness import EventsService, body

pytestmark = pytest.mark.integration
CITY = token("33.75")


async def test_registrations_and_attendees_are_shown_with_names(events: EventsService) -> None:
    sekar, tono, umi = await events.feed.members("33.75", "Sékar Ayu", "Tono", "Umi Kalsum")
    training = body(
        "33.75",
        "Pelatihan foto produk",
        "2021-11-09T08:00:00+07:00",
        "2021-11-09T15:00:00+07:00",
        type="training",
        capacity=2,
    )
    event_id = (await events.http.post("/events", json=training, headers=CITY)).json()["id"]
    url = f"/events/{event_id}/registrations"
    registered = []
    for member_id in (sekar, tono, umi):
        r = await events.http.post(url, json={"member_id": member_id}, headers=CITY)
        assert r.status_code == 201, r.text
        registered.append((r.json()["member_name"], r.json()["status"]))
    assert registered == [
        ("Sékar Ayu", "confirmed"),
        ("Tono", "confirmed"),
        ("Umi Kalsum", "waitlisted"),
    ]

    dropped = await events.http.delete(f"{url}/{tono}", headers=CITY)
    assert dropped.json()["promoted"]["member_name"] == "Umi Kalsum"
    checked = await events.http.post(
        f"/events/{event_id}/check-ins", json={"member_id": sekar}, headers=CITY
    )
    assert checked.status_code == 200 and checked.json()["member_name"] == "Sékar Ayu"

    detail = (await events.http.get(f"/events/{event_id}", headers=CITY)).json()
    assert [(r["member_id"], r["member_name"]) for r in detail["registrations"]] == [
        (sekar, "Sékar Ayu"),
        (umi, "Umi Kalsum"),
    ]
    concluded = await events.http.post(f"/events/{event_id}/conclude", headers=CITY)
    assert concluded.status_code == 200, concluded.text
    assert concluded.json()["attendees"] == [{"member_id": sekar, "member_name": "Sékar Ayu"}]


async def test_a_renamed_member_is_shown_with_the_new_name(events: EventsService) -> None:
    (member,) = await events.feed.members("33.75", "Batik Lama")
    meeting = body("33.75", "Rapat", "2022-02-01T09:00:00+07:00", "2022-02-01T11:00:00+07:00")
    event_id = (await events.http.post("/events", json=meeting, headers=CITY)).json()["id"]
    url = f"/events/{event_id}/registrations"
    assert (await events.http.post(url, json={"member_id": member}, headers=CITY)).is_success

    renamed = MemberUpdated(
        council="33.75", member_id=member, kind="person", name="Batik Baru", revision=2
    )
    await events.feed.send(renamed, service="membership")

    async def shown_renamed() -> bool:
        detail = (await events.http.get(f"/events/{event_id}", headers=CITY)).json()
        return bool(detail["registrations"][0]["member_name"] == "Batik Baru")

    await eventually(shown_renamed, timeout=60)
