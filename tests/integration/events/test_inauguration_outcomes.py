"""The outcome of an inauguration per term, as membership answers it, shows on the event."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from shared.contracts import TermInaugurated, TermInaugurationRefused
from tests.conftest import token
from tests.helpers import eventually
from tests.integration.events.harness import EventsService, body

pytestmark = pytest.mark.integration


async def _concluded_inauguration(events: EventsService, term_ids: list[str]) -> str:
    pengukuhan = body(
        "18",
        "Pengukuhan Pengurus Dekranasda",
        "2021-03-23T13:00:00+07:00",
        "2021-03-23T15:00:00+07:00",
        type="inauguration",
        term_ids=term_ids,
    )
    r = await events.http.post("/events", json=pengukuhan, headers=token("18"))
    assert r.status_code == 201, r.text
    event_id = str(r.json()["id"])
    assert r.json()["inauguration_outcomes"] == []  # nothing to tell before it took place
    r = await events.http.post(f"/events/{event_id}/conclude", headers=token("18"))
    assert r.status_code == 200, r.text
    return event_id


async def test_each_term_shows_pending_then_inaugurated_or_refused_with_the_reason(
    events: EventsService,
) -> None:
    done, refused = await events.feed.terms("18.08", "18.09", start=2061, end=2065)
    event_id = await _concluded_inauguration(events, [done, refused])
    r = await events.http.get(f"/events/{event_id}", headers=token("18"))
    assert r.json()["inauguration_outcomes"] == [
        {"term_id": done, "status": "pending", "reason": None},
        {"term_id": refused, "status": "pending", "reason": None},
    ]
    reason = "the later term t-x is already inaugurated"
    answers = [
        TermInaugurated(
            council="18.08",
            term_id=done,
            period_start=date(2021, 1, 1),
            period_end=date(2026, 12, 31),
            inaugurated_at=datetime(2021, 3, 23, 6, tzinfo=UTC),
            event_id=event_id,
        ),
        TermInaugurationRefused(council="18.09", term_id=refused, event_id=event_id, reason=reason),
    ]
    for answer in answers:
        await events.feed.send(answer, service="membership")

    async def answered() -> list[dict[str, Any]] | None:
        r = await events.http.get(f"/events/{event_id}", headers=token("18"))
        outcomes: list[dict[str, Any]] = r.json()["inauguration_outcomes"]
        return outcomes if all(o["status"] != "pending" for o in outcomes) else None

    assert await eventually(answered) == [
        {"term_id": done, "status": "inaugurated", "reason": None},
        {"term_id": refused, "status": "refused", "reason": reason},
    ]
    day = {"council": "18", "type": "inauguration", "from": "2021-03-23", "to": "2021-03-23"}
    r = await events.http.get("/events", params={**day, "size": 100}, headers=token("18"))
    listed = next(e for e in r.json()["items"] if e["id"] == event_id)
    assert listed["status"] == "concluded" and len(listed["inauguration_outcomes"]) == 2
