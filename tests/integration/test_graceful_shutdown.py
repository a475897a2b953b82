"""SIGTERM mid-handler: nothing acknowledged is lost, nothing unfinished is committed."""

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from pymongo import AsyncMongoClient

from shared.contracts import Envelope, TradeUkmRegistered
from shared.messaging.broker import partitions_of
from tests.helpers import eventually, produce
from tests.stack import ROOT, Stack

pytestmark = pytest.mark.integration
TOPIC = TradeUkmRegistered.topic
WORKER = ROOT / "tests" / "workers" / "slow_consumer.py"


@asynccontextmanager
async def worker(
    stack: Stack, deployment: str, handler_s: float, graceful_s: float
) -> AsyncIterator[Any]:
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": stack.kafka,
        "MONGODB_URL": stack.mongodb,
        "PYTHONPATH": str(ROOT),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(WORKER),
        deployment,
        str(handler_s),
        str(graceful_s),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await _line(proc, "ready")
        yield proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def _line(proc: Any, prefix: str, timeout: float = 60) -> str:
    async with asyncio.timeout(timeout):
        while True:
            raw = await proc.stdout.readline()
            if not raw:
                raise AssertionError(f"worker exited before printing {prefix!r}")
            line = raw.decode().strip()
            if line.startswith(prefix):
                return line


async def _send(stack: Stack, deployment: str) -> str:
    nib = str(uuid.uuid4().int)[:13].rjust(13, "7")
    event = TradeUkmRegistered(council="33.75", nib=nib, name=f"slow {deployment}")
    envelope = Envelope(
        type=TOPIC, source="/trade/oss", subject=nib, dataschema=event.dataschema(), region="33.75"
    )
    await produce(
        stack.kafka,
        TOPIC,
        event.model_dump_json().encode(),
        key=nib.encode(),
        headers=envelope.headers(),
    )
    return nib


async def _committed(stack: Stack, group: str) -> dict[int, int | None]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=stack.kafka, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = await partitions_of(consumer, [TOPIC])
        assert partitions, f"{TOPIC} has no partitions"
        return {tp.partition: await consumer.committed(tp) for tp in partitions}
    finally:
        await consumer.stop()


async def test_sigterm_mid_handler_commits_nothing_and_the_restart_finishes_it(
    stack: Stack, deployment: str
) -> None:
    effects = AsyncMongoClient(stack.mongodb)[f"dekranasda_{deployment}_sigterm"]["effects"]
    group = f"dekranasda.{deployment}.sigterm.slow"
    async with worker(stack, deployment, handler_s=3600, graceful_s=1) as proc:
        nib = await _send(stack, deployment)
        await eventually(lambda: effects.find_one({"_id": nib, "state": "started"}), timeout=60)
        before = await _committed(stack, group)
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            assert await proc.wait() == 0
    after = await _committed(stack, group)
    assert after == before, "an unfinished batch must not be committed"
    assert (await effects.find_one({"_id": nib}))["state"] == "started"

    async with worker(stack, deployment, handler_s=0, graceful_s=5):
        done = await eventually(lambda: effects.find_one({"_id": nib, "state": "done"}), timeout=60)
    assert done["applied"] == 1


async def test_sigterm_waits_for_the_handler_in_flight_and_commits_it(
    stack: Stack, deployment: str
) -> None:
    effects = AsyncMongoClient(stack.mongodb)[f"dekranasda_{deployment}_sigterm"]["effects"]
    async with worker(stack, deployment, handler_s=2, graceful_s=20) as proc:
        nib = await _send(stack, deployment)
        await eventually(lambda: effects.find_one({"_id": nib, "state": "started"}), timeout=60)
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(40):
            assert await proc.wait() == 0
    assert (await effects.find_one({"_id": nib}))["applied"] == 1
    async with worker(stack, deployment, handler_s=0, graceful_s=5):
        marker = await _send(stack, deployment)  # once this is done, ours was not delivered again
        await eventually(lambda: effects.find_one({"_id": marker, "state": "done"}), timeout=60)
    assert (await effects.find_one({"_id": nib}))["applied"] == 1
