"""An inauguration membership cannot perform is answered on `term.inauguration_refused` (for
the agenda to show), not dead-lettered in silence; the term stays as it was."""

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
import pytest_asyncio

from shared.contracts import Envelope, EventConcluded
from tests.conftest import token
from tests.helpers import eventually, headers_of, produce
from tests.integration.membership.support import (
    Service,
    council,
    draft,
    membership_service,
    records_with_key,
)
from tests.stack import Stack

pytestmark = pytest.mark.integration
HELD = datetime(2021, 3, 23, 3, 0, tzinfo=UTC)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        await council(running.client, "18")
        await council(running.client, "18.05")
        yield running


async def _conclude(service: Service, term_ids: list[str], event_id: str) -> str:
    event = EventConcluded(
        council="18",
        event_id=event_id,
        type="inauguration",
        term_ids=term_ids,
        held_at=HELD,
        ended_at=HELD.replace(hour=5),
        attendance=40,
    )
    envelope = Envelope(
        type=event.topic,
        source="/dekranasda/18/events",
        subject=event.subject,
        dataschema=event.dataschema(),
        region="18",
    )
    value = event.model_dump_json().encode()
    await produce(
        service.stack.kafka, event.topic, value, key=event_id.encode(), headers=envelope.headers()
    )
    return envelope.id


async def _applied(service: Service, ce_id: str) -> bool:
    inbox = service.runtime.db["inbox"]
    return await inbox.find_one({"_id": f"inaugurations:{ce_id}"}) is not None


async def test_a_term_older_than_the_inaugurated_one_is_refused_with_its_reason(
    service: Service,
) -> None:
    client, kafka = service.client, service.stack.kafka
    old = await draft(client, "18.05", date(2016, 3, 23), date(2021, 3, 23))
    current = await draft(client, "18.05", date(2021, 3, 23), date(2024, 3, 23))
    r = await client.post(f"/terms/{current['id']}/inaugurate", headers=token("18.05"))
    assert r.status_code == 200, r.text
    event_id = uuid.uuid4().hex

    ce_id = await _conclude(service, [old["id"]], event_id)
    await eventually(lambda: _applied(service, ce_id))  # applied, not dead-lettered
    again = await _conclude(service, [old["id"]], event_id)  # republished: no second answer
    await eventually(lambda: _applied(service, again))

    refusals = await records_with_key(kafka, "term.inauguration_refused", old["id"])
    assert len(refusals) == 1
    payload = json.loads(refusals[0].value)
    assert payload["event_id"] == event_id and payload["council"] == "18.05"
    assert current["id"] in payload["reason"] and "inaugurated" in payload["reason"]
    assert headers_of(refusals[0])["ce_region"] == "18.05"
    r = await client.get(f"/terms/{old['id']}", headers=token("18.05"))
    assert r.json()["status"] == "draft"
    assert await records_with_key(kafka, "dlq.membership", event_id) == []
