"""The outbox relay across a broker restart, and SIGTERM while Kafka is away (private stack).

Both tests stop Kafka, so they run on a private devstack (`tests/private_stack.py`): its own
ports and data, never the shared broker. Membership runs as a real process against it.
"""

import asyncio
import contextlib
import signal
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import token
from tests.helpers import eventually, metric, read_many
from tests.platform import Platform, platform
from tests.private_stack import PrivateStack, private_stack

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]
TOPIC = "member.registered"
COUNCIL = "33.75"


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateStack]:
    with private_stack(tmp_path_factory.mktemp("private-stack")) as running:
        yield running


@pytest.fixture
def quick_relay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thresholds that fit a test: not ready after 4 s without publishing, 4 s per pass."""
    monkeypatch.setenv("MEMBERSHIP_RELAY_STALL_S", "4")
    monkeypatch.setenv("MEMBERSHIP_RELAY_PUBLISH_TIMEOUT_S", "4")


class Members:
    """Registers members over HTTP, and remembers those the service acknowledged (201)."""

    def __init__(self, url: str) -> None:
        self.http = httpx.AsyncClient(base_url=url, timeout=15, headers=token(COUNCIL))
        self.acknowledged: list[str] = []

    async def council(self) -> None:
        r = await self.http.post("/councils", json={"code": COUNCIL}, headers=token("ID", "admin"))
        assert r.status_code in (201, 409), r.text

    async def register(self, n: int = 1) -> None:
        for _ in range(n):
            body = {"council": COUNCIL, "kind": "person", "name": f"Perajin {uuid.uuid4().hex[:6]}"}
            r = await self.http.post("/members", json=body)
            assert r.status_code == 201, r.text
            self.acknowledged.append(r.json()["id"])

    async def keep_registering(self, per_s: float) -> None:
        """Register about `per_s` members a second until cancelled."""
        while True:
            started = time.monotonic()
            await self.register()
            await asyncio.sleep(max(0.0, 1 / per_s - (time.monotonic() - started)))

    async def ready(self) -> tuple[int, Any]:
        r = await self.http.get("/ready")
        return r.status_code, r.json()

    async def gauges(self) -> tuple[float, float]:
        text = (await self.http.get("/metrics")).text
        return (
            metric(text, "outbox_backlog", service="membership"),
            metric(text, "outbox_oldest_pending_age_seconds", service="membership"),
        )

    async def published(self, kafka: str, timeout: float) -> set[str]:
        wanted = {m.encode() for m in self.acknowledged}
        found = await read_many(
            kafka, TOPIC, match=lambda r: r.key in wanted, count=len(wanted), timeout=timeout
        )
        return {r.key.decode() for r in found}


@contextlib.contextmanager
def membership(private: PrivateStack, deployment: str, logs: Path) -> Iterator[Platform]:
    """Kafka up, and membership running as a process on the private stack."""
    private.start_kafka()
    with platform(private.stack, deployment, services=("membership",), log_dir=logs) as p:
        yield p


@asynccontextmanager
async def registering(members: Members, per_s: float) -> AsyncIterator[None]:
    """Members keep coming while the block runs."""
    task = asyncio.create_task(members.keep_registering(per_s))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_every_acknowledged_member_is_published_across_a_broker_restart(
    private: PrivateStack, deployment: str, tmp_path: Path, quick_relay: None
) -> None:
    kafka = private.stack.kafka
    with membership(private, deployment, tmp_path) as p:
        members = Members(p.urls["membership"])
        await members.council()
        async with registering(members, per_s=12):
            await asyncio.sleep(2)
            private.stop_kafka()
            outage, before = time.monotonic(), len(members.acknowledged)

            async def relay_not_ready() -> bool:
                status, body = await members.ready()
                return status == 503 and body["checks"].get("outbox") is False

            await eventually(relay_not_ready, timeout=30, interval=0.5)
            backlog, age = await members.gauges()
            assert backlog > 0 and age >= 4, (backlog, age)
            await asyncio.sleep(max(0.0, 20 - (time.monotonic() - outage)))
            private.start_kafka()  # the broker takes 10-30 s to start: 30-50 s down in all
            assert len(members.acknowledged) - before > 20  # acknowledged while Kafka was down
            await asyncio.sleep(3)

        published = await members.published(kafka, timeout=60)
        assert published == set(members.acknowledged)

        async def recovered() -> bool:
            return (await members.ready())[0] == 200 and await members.gauges() == (0, 0)

        await eventually(recovered, timeout=30, interval=0.5)


def _log(p: Platform, tmp_path: Path) -> str:
    return "\n".join(f.read_text(errors="replace") for f in tmp_path.glob(f"{p.deployment}-*.log"))


async def test_sigterm_while_the_relay_cannot_publish_exits_cleanly_and_loses_nothing(
    private: PrivateStack,
    deployment: str,
    tmp_path: Path,
    quick_relay: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MEMBERSHIP_RELAY_PUBLISH_TIMEOUT_S", "10")  # SIGTERM comes mid-pass
    kafka = private.stack.kafka
    with membership(private, deployment, tmp_path) as p:
        members = Members(p.urls["membership"])
        await members.council()
        await members.register(5)
        private.stop_kafka()
        await members.register(5)  # the relay waits for acknowledgements that cannot come
        proc = p.procs["membership"]
        stopped = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        # uvicorn re-raises the SIGTERM once its shutdown is complete: no exit code, no kill
        assert await asyncio.to_thread(proc.wait, 40) == -signal.SIGTERM
        assert time.monotonic() - stopped < 30
    log = _log(p, tmp_path)
    assert "shutdown failed" not in log.lower(), log[-3000:]
    assert "runtime stopped" in log, log[-3000:]

    with membership(private, deployment, tmp_path):  # what was acknowledged goes out now
        assert await members.published(kafka, timeout=60) == set(members.acknowledged)


async def test_kill_9_while_the_relay_cannot_publish_loses_no_acknowledged_member(
    private: PrivateStack, deployment: str, tmp_path: Path, quick_relay: None
) -> None:
    # a save hands its document to the relay in memory, without a marker write: what the
    # killed process held is found again by the next start's sweep, in the documents
    kafka = private.stack.kafka
    with membership(private, deployment, tmp_path) as p:
        members = Members(p.urls["membership"])
        await members.council()
        await members.register(5)
        private.stop_kafka()
        await members.register(10)  # acknowledged, waiting in the relay's hands

        async def waiting() -> bool:
            return (await members.gauges())[0] >= 10

        await eventually(waiting, timeout=10, interval=0.2)  # the gauge counts them too
        p.procs["membership"].kill()
        assert await asyncio.to_thread(p.procs["membership"].wait, 10) == -signal.SIGKILL

    with membership(private, deployment, tmp_path):
        assert await members.published(kafka, timeout=60) == set(members.acknowledged)
