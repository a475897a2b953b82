"""Check-in at the door: the time at the door, a client-made id, a queue sent twice."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import token
from tests.integration.events.harness import EventsService, body

pytestmark = pytest.mark.integration


async def _training_today(events: EventsService, *names: str) -> tuple[str, list[str]]:
    """A training running now in Pekalongan, with the named members registered."""
    members = await events.feed.members("33.75", *names)
    now = datetime.now(UTC)
    training = body(
        "33.75",
        "Pelatihan pewarna alam",
        (now - timedelta(hours=3)).isoformat(),
        (now + timedelta(hours=3)).isoformat(),
        type="training",
    )
    created = await events.http.post("/events", json=training, headers=token("33.75"))
    event_id = created.json()["id"]
    for member_id in members:
        r = await events.http.post(
            f"/events/{event_id}/registrations",
            json={"member_id": member_id},
            headers=token("33.75"),
        )
        assert r.status_code == 201, r.text
    return event_id, members


async def test_a_queue_sent_twice_records_each_person_once_with_the_door_time(
    events: EventsService,
) -> None:
    event_id, members = await _training_today(events, "Sari", "Tono", "Umi")
    await asyncio.sleep(1)  # the door times below fall after the registrations
    door = datetime.now(UTC).replace(microsecond=0)
    queue = [
        {
            "member_id": member_id,
            "client_id": str(uuid.uuid4()),
            "checked_in_at": (door + timedelta(seconds=i)).isoformat(),
        }
        for i, member_id in enumerate(members)
    ]
    url = f"/events/{event_id}/check-ins"
    answers = []
    for _ in range(2):
        for item in queue:
            r = await events.http.post(url, json=item, headers=token("33.75"))
            assert r.status_code in (200, 201), r.text
            answers.append(r.json())
    assert answers[:3] == answers[3:]
    detail = (await events.http.get(f"/events/{event_id}", headers=token("33.75"))).json()
    times = {r["member_id"]: r["checked_in_at"] for r in detail["registrations"]}
    assert times == {
        m: (door + timedelta(seconds=i)).isoformat().replace("+00:00", "Z")
        for i, m in enumerate(members)
    }
    concluded = await events.http.post(f"/events/{event_id}/conclude", headers=token("33.75"))
    assert concluded.json()["attendance"] == 3

    late = await events.http.post(url, json=queue[0], headers=token("33.75"))
    assert late.status_code == 200 and late.json() == answers[0]


async def test_a_door_time_in_the_future_or_before_the_registration_names_the_field(
    events: EventsService,
) -> None:
    event_id, (vina,) = await _training_today(events, "Vina")
    url = f"/events/{event_id}/check-ins"
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    r = await events.http.post(
        url, json={"member_id": vina, "checked_in_at": future}, headers=token("33.75")
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("checked_in_at:")
    assert "future" in r.json()["detail"]
    before = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    r = await events.http.post(
        url, json={"member_id": vina, "checked_in_at": before}, headers=token("33.75")
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("checked_in_at:")
    assert "registered" in r.json()["detail"]
    naive = datetime.now().replace(tzinfo=None).isoformat()
    r = await events.http.post(
        url, json={"member_id": vina, "checked_in_at": naive}, headers=token("33.75")
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("checked_in_at:")


async def test_a_client_id_belongs_to_one_persons_check_in(events: EventsService) -> None:
    event_id, (wati, yudi) = await _training_today(events, "Wati", "Yudi")
    url = f"/events/{event_id}/check-ins"
    client_id = str(uuid.uuid4())
    first = await events.http.post(
        url, json={"member_id": wati, "client_id": client_id}, headers=token("33.75")
    )
    assert first.status_code == 200 and first.json()["client_id"] == client_id
    other = await events.http.post(
        url, json={"member_id": yudi, "client_id": client_id}, headers=token("33.75")
    )
    assert other.status_code == 409 and other.json()["detail"].startswith("client_id:")


async def test_refused_check_ins_answer_a_problem_the_console_can_show(
    events: EventsService,
) -> None:
    event_id, _ = await _training_today(events, "Zaki")
    (stranger,) = await events.feed.members("33.75", "Asih")
    url = f"/events/{event_id}/check-ins"
    item = {"member_id": stranger, "client_id": str(uuid.uuid4())}
    r = await events.http.post(url, json=item, headers=token("33.75"))
    assert r.status_code == 409
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"].startswith("member_id:") and "registration" in r.json()["detail"]
    await events.http.post(f"/events/{event_id}/conclude", headers=token("33.75"))
    r = await events.http.post(url, json=item, headers=token("33.75"))
    assert r.status_code == 409 and "concluded" in r.json()["detail"]
