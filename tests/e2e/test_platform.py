"""End to end: the three services as processes on the real stack, driven over HTTP and Kafka."""

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import token
from tests.helpers import headers_of, read_topic
from tests.platform import Platform, platform
from tests.stack import Stack


@pytest.fixture(scope="module")
def running(stack: Stack) -> Iterator[Platform]:
    with platform(stack, f"e2e{uuid.uuid4().hex[:8]}", fresh=True) as deployment:
        yield deployment


def _wait(probe: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"not within {timeout}s")


def _create_council(p: Platform, code: str) -> None:
    with p.client("membership") as c:
        r = c.post("/councils", json={"code": code}, headers=token("ID", "admin"))
        assert r.status_code in (201, 409), r.text


async def test_a_registered_member_reaches_the_topic_and_the_other_services(
    stack: Stack, running: Platform
) -> None:
    _create_council(running, "33.75")
    nib = str(uuid.uuid4().int)[:13]
    with running.client("membership") as c:
        r = c.post(
            "/members",
            headers={**token("33.75"), "X-Correlation-ID": "e2e-corr"},
            json={
                "council": "33.75",
                "kind": "business",
                "name": "Batik Kencana",
                "nib": nib,
                "category": "batik",
                "phone": "081298765432",
            },
        )
        assert r.status_code == 201, r.text
        member = r.json()

    record = await read_topic(
        stack.kafka, "member.registered", until=lambda rec: rec.key == member["id"].encode()
    )
    headers = headers_of(record)
    assert headers["ce_specversion"] == "1.0" and headers["ce_type"] == "member.registered"
    assert headers["ce_subject"] == member["id"] and headers["ce_region"] == "33.75"
    assert headers["ce_source"] == "/dekranasda/ID/membership"
    assert headers["ce_dataschema"] == "urn:dekranasda:schema:member.registered:v1"
    assert headers["ce_correlationid"] == "e2e-corr"
    uuid.UUID(headers["ce_id"])
    assert headers["ce_time"].endswith("Z") and headers["content-type"] == "application/json"
    body = json.loads(record.value)
    assert body == {
        **body,
        "member_id": member["id"],
        "nib": nib,
        "kind": "business",
        "council": "33.75",
        "revision": 1,
    }
    assert "081298765432" not in record.value.decode()

    # the events service knows the member from the topic: it accepts a registration
    with running.client("events") as c:
        event = c.post(
            "/events",
            headers=token("33.75"),
            json={
                "council": "33.75",
                "type": "training",
                "title": "Pelatihan e2e",
                "venue": "Ruang Jetayu",
                "starts_at": "2021-11-16T09:00:00+07:00",
                "ends_at": "2021-11-16T12:00:00+07:00",
                "capacity": 10,
            },
        )
        assert event.status_code == 201, event.text
        path = f"/events/{event.json()['id']}/registrations"
        registered = _wait(
            lambda: (
                (
                    r := c.post(path, headers=token("33.75"), json={"member_id": member["id"]})
                ).status_code
                == 201
                and r
            )
        )
        assert registered.json()["status"] == "confirmed"


def test_services_answer_health_ready_and_metrics(running: Platform) -> None:
    for service, url in running.urls.items():
        assert httpx.get(f"{url}/health").json()["service"] == service
        checks = httpx.get(f"{url}/ready").json()["checks"]
        assert checks == {"mongodb": True, "kafka": True, "outbox": True}
        metrics = httpx.get(f"{url}/metrics").text
        assert "http_request_duration_seconds" in metrics and "outbox_backlog" in metrics


def _db_commands(url: str, command: str, collection: str) -> float:
    for family in text_string_to_metric_families(httpx.get(f"{url}/metrics").text):
        if family.name == "db_command_duration_seconds":
            return sum(
                s.value
                for s in family.samples
                if s.name.endswith("_count")
                and s.labels == {"command": command, "collection": collection, "outcome": "ok"}
            )
    return 0.0


def test_metrics_show_the_database_time_of_each_collection(running: Platform) -> None:
    _create_council(running, "33.75")
    url = running.urls["membership"]
    before = _db_commands(url, "insert", "members")
    with running.client("membership") as c:
        body = {"council": "33.75", "kind": "person", "name": "Ibu Sri Rahayu"}
        assert c.post("/members", headers=token("33.75"), json=body).status_code == 201
    assert _db_commands(url, "insert", "members") == before + 1
