"""Registrations and check-ins at the door: many at once on one event all succeed (issue 11.7)."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import token
from tests.integration.events.harness import EventsService, body, unique

pytestmark = pytest.mark.integration


async def test_concurrent_registrations_and_check_ins_all_succeed(events: EventsService) -> None:
    now = datetime.now(UTC)
    when = ((now - timedelta(hours=1)).isoformat(), (now + timedelta(hours=4)).isoformat())
    event_ids = []
    for _ in range(2):
        r = await events.http.post(
            "/events", json=body("33.75", unique("Pameran di pintu"), *when), headers=token("33.75")
        )
        assert r.status_code == 201, r.text
        event_ids.append(r.json()["id"])
    members = await events.feed.members("33.75", *(f"Pengrajin {i}" for i in range(30)))
    answers: list[tuple[str, int, str]] = []

    async def at_the_door(event_id: str, member_id: str) -> None:
        for path, expected in (("registrations", 201), ("check-ins", 200)):
            r = await events.http.post(
                f"/events/{event_id}/{path}", json={"member_id": member_id}, headers=token("33.75")
            )
            answers.append((path, r.status_code, r.text if r.status_code != expected else ""))

    await asyncio.gather(
        *(at_the_door(event_ids[i % 2], member) for i, member in enumerate(members))
    )

    failed = [a for a in answers if a[2]]
    assert not failed and len(answers) == 60, failed[:5]
    for index, event_id in enumerate(event_ids):
        shown = (await events.http.get(f"/events/{event_id}", headers=token("33.75"))).json()
        registered = [r["member_id"] for r in shown["registrations"]]
        assert sorted(registered) == sorted(members[index::2])
        assert all(r["checked_in_at"] is not None for r in shown["registrations"])
