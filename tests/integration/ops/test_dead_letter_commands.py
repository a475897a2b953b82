"""`dekranasda dlq` on the real stack: a trade record for a council membership does not know is
dead-lettered; once the council is registered, re-driving it applies it once, and again once."""

import asyncio
import json
import os
import re
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from prometheus_client import REGISTRY

from shared.contracts import Envelope, TradeUkmRegistered
from tests.conftest import token
from tests.helpers import committed_past, eventually, headers_of, produce, read_topic
from tests.integration.membership.support import Service, council, membership_service
from tests.stack import Stack

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]
CLI = str(Path(sys.executable).parent / "dekranasda")


@pytest.fixture
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        yield running


async def dekranasda(stack: Stack, *args: str) -> tuple[int, str]:
    """Run the operator's command as an operator would; its exit code and output."""
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": stack.kafka, "COLUMNS": "80"}
    proc = await asyncio.create_subprocess_exec(
        CLI, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode()


async def _poison(service: Service) -> tuple[str, str]:
    """A trade record for Kota Pekalongan, which this deployment has not registered."""
    nib = f"{uuid.uuid4().int % 10**13:013d}"
    record = TradeUkmRegistered(council="33.75", nib=nib, name="Batik Jlamprang", category="batik")
    envelope = Envelope(
        type=record.topic,
        source="/trade/oss",
        subject=nib,
        dataschema=record.dataschema(),
        region="33.75",
    )
    kafka = service.stack.kafka
    await produce(
        kafka, record.topic, record.model_dump_json().encode(), headers=envelope.headers()
    )
    mine = service.runtime.settings.group_prefix  # other deployments dead-letter it too

    def dead(r: object) -> bool:
        headers = headers_of(r)
        return headers.get("ce_id") == envelope.id and headers["dlq_consumer"].startswith(mine)

    await read_topic(kafka, "dlq.membership", until=dead, timeout=60)
    return envelope.id, nib


def _filters(service: Service) -> list[str]:
    deployment = service.runtime.settings.deployment_name
    return ["--topic", "dlq.membership", "--deployment", deployment]


def _duplicates() -> float:
    """Deliveries membership's trade intake skipped as seen before (its inbox), in this process."""
    labels = {"service": "membership", "topic": TradeUkmRegistered.topic, "outcome": "duplicate"}
    return REGISTRY.get_sample_value("messages_consumed_total", labels) or 0.0


async def test_a_redriven_dead_letter_is_applied_once_however_often_it_is_redriven(
    service: Service,
) -> None:
    stack = service.stack
    ce_id, nib = await _poison(service)
    code, listed = await dekranasda(stack, "dlq", "list", "--limit", "0", *_filters(service))
    assert code == 0, listed
    row = next(line for line in listed.splitlines() if ce_id in line)
    assert "trade.ukm.registered" in row and "council 33.75 is not registered here" in listed
    dead_id = re.search(r"dlq\.membership:\d+:\d+", row)
    assert dead_id, row

    async def counted() -> float:  # what /metrics exports, measured every 5 s
        value = REGISTRY.get_sample_value("dead_letter_records", {"topic": "dlq.membership"})
        return value or 0.0

    assert await eventually(counted, timeout=20) > 0
    await council(service.client, "33.75")  # the cause, fixed
    code, out = await dekranasda(stack, "dlq", "redrive", dead_id.group())
    assert code == 0 and "redriven" in out, out
    members = await eventually(lambda: _members(service, nib))
    assert len(members) == 1 and members[0]["council"] == "33.75"

    code, listed = await dekranasda(stack, "dlq", "list", "--limit", "0", *_filters(service))
    assert ce_id not in listed  # handled: hidden
    code, listed = await dekranasda(
        stack, "dlq", "list", "--all", "--limit", "0", *_filters(service)
    )
    assert ce_id in listed and "redriven" in listed

    code, out = await dekranasda(stack, "dlq", "redrive", dead_id.group())
    assert code == 1 and "acted on already" in out, out
    skipped = _duplicates()
    code, out = await dekranasda(stack, "dlq", "redrive", "--again", dead_id.group())
    assert code == 0, out
    landed = re.search(r"-> (trade\.ukm\.registered):(\d+):(\d+)", out)
    assert landed, out
    copy = SimpleNamespace(topic=landed[1], partition=int(landed[2]), offset=int(landed[3]))
    group = f"{service.runtime.settings.group_prefix}.trade-registry"
    await committed_past(stack.kafka, group, copy)
    assert _duplicates() == skipped + 1  # the same ce_id: the inbox skipped it
    assert await _members(service, nib) == members


async def _members(service: Service, nib: str) -> list[dict[str, object]]:
    r = await service.client.get("/members", params={"q": nib}, headers=token("ID", "viewer"))
    items: list[dict[str, object]] = r.json()["items"]
    return items


async def test_a_discarded_dead_letter_is_hidden_and_not_republished(service: Service) -> None:
    stack = service.stack
    ce_id, nib = await _poison(service)
    code, out = await dekranasda(
        stack, "dlq", "discard", "--matching", "--error", "33.75", "--since", "10m",
        *_filters(service), "--reason", "test: council never joins",
    )  # fmt: skip
    assert code == 0 and "discarded" in out, out
    code, listed = await dekranasda(stack, "dlq", "list", "--limit", "0", *_filters(service))
    assert ce_id not in listed, out
    code, listed = await dekranasda(
        stack, "dlq", "list", "--all", "--limit", "0", *_filters(service)
    )
    assert ce_id in listed and "discarded" in listed
    ledger = await read_topic(
        stack.kafka, "dlq.actions", until=lambda r: json.loads(r.value)["ce_id"] == ce_id
    )
    assert json.loads(ledger.value)["reason"] == "test: council never joins"
    await council(service.client, "33.75")
    assert await _members(service, nib) == []
