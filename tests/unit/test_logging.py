"""Log lines as an operator reads them: JSON, UTC times with a zone, one access line per request,
the request's correlation id on every line, no colour codes, no ERROR for Kafka's start-up races."""

import json
import logging
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import APIRouter

from shared.observability import configure_logging
from shared.service import Runtime
from shared.settings import ServiceSettings
from shared.webapp import build_app

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class LogSettings(ServiceSettings):
    service = "logtest"


@pytest.fixture(autouse=True)
def _restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]


def test_lines_are_timed_in_utc_with_a_zone_and_carry_no_colour(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("logtest")
    logging.getLogger("uvicorn.error").info(
        "Started server process [%d]", 42, extra={"color_message": "\x1b[36m%d\x1b[0m"}
    )
    logging.getLogger("anything").warning("\x1b[31mred\x1b[0m text")
    first, second = _lines(capsys)
    assert ISO_UTC.match(str(first["time"])), first["time"]
    assert "color_message" not in first and first["message"] == "Started server process [42]"
    assert second["message"] == "red text"


@pytest.mark.parametrize(
    ("logger", "message"),
    [
        ("aiokafka.cluster", "Topic program.completed not found in cluster metadata"),
        (
            "aiokafka.consumer.group_coordinator",
            "Group Coordinator Request failed: [Error 15] GroupCoordinatorNotAvailableError",
        ),
    ],
)
def test_kafkas_start_up_races_are_warnings_not_errors(
    capsys: pytest.CaptureFixture[str], logger: str, message: str
) -> None:
    configure_logging("logtest")
    logging.getLogger(logger).error(message)
    logging.getLogger("aiokafka.client").error('Unable connect to "kafka:9092": refused')
    race, real = _lines(capsys)
    assert race["level"] == "WARNING" and race["message"] == message
    assert real["level"] == "ERROR"


async def test_one_access_line_per_request_and_the_correlation_id_on_every_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = APIRouter()

    @router.get("/things/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        logging.getLogger("services.logtest").info("looking up %s", thing_id)
        return {"id": thing_id}

    logging.disable(logging.NOTSET)  # whatever earlier tests in this process switched off
    for name in ("services.logtest", "dekranasda.access"):
        logging.getLogger(name).disabled = False
        logging.getLogger(name).setLevel(logging.NOTSET)
    runtime = Runtime.create(LogSettings(), outbox_collections=[])
    app = build_app(runtime, title="t", description="d", routers=[router], uow=None)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        r = await client.get("/things/batik", headers={"X-Correlation-ID": "req-7"})
        fresh = await client.get("/things/tenun")
    assert r.status_code == 200
    assert r.headers.get_list("x-correlation-id") == ["req-7"]  # echoed once
    assert len(fresh.headers.get_list("x-correlation-id")) == 1  # one made up when none came
    lines = [line for line in _lines(capsys) if line.get("correlation_id") == "req-7"]
    handled, access = lines
    assert handled["message"] == "looking up batik"
    assert access["name"] == "dekranasda.access" and access["method"] == "GET"
    assert access["route"] == "/things/{thing_id}" and access["status"] == 200
    assert isinstance(access["duration_ms"], float) and ISO_UTC.match(str(access["time"]))


async def test_a_made_up_method_is_logged_and_counted_as_other(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # access lines skip the personal-data masking, so nothing a caller chose may reach them
    logging.disable(logging.NOTSET)
    logging.getLogger("dekranasda.access").disabled = False
    logging.getLogger("dekranasda.access").setLevel(logging.NOTSET)
    runtime = Runtime.create(LogSettings(), outbox_collections=[])
    app = build_app(runtime, title="t", description="d", routers=[], uow=None)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        r = await client.request("081234567890", "/x", headers={"X-Correlation-ID": "req-8"})
        metrics = (await client.get("/metrics")).text
    assert r.status_code in (404, 405)
    (access,) = [line for line in _lines(capsys) if line.get("correlation_id") == "req-8"]
    assert access["method"] == "OTHER" and "081234567890" not in json.dumps(access)
    assert 'method="OTHER"' in metrics and "081234567890" not in metrics


async def test_a_dead_letter_line_carries_the_events_correlation_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from shared.messaging.consumer import Policy, Subscription
    from shared.messaging.worker import Worker

    class Broker:  # where the dead letter goes is the integration tests' business
        async def publish(self, *args: Any, **kwargs: Any) -> None:
            return None

    async def handler(batch: Any) -> None:
        return None

    configure_logging("logtest")
    sub = Subscription(name="intake", topics=("trade.ukm.registered",), handler=handler)
    worker = Worker(Broker(), sub, Policy(service="logtest", group_prefix="p"), None)  # type: ignore[arg-type]
    record = SimpleNamespace(
        topic="trade.ukm.registered",
        partition=0,
        offset=5,
        key=b"k",
        value=b"{",
        headers=[("ce_correlationid", b"corr-9")],
    )
    await worker.dead_letter(record, "bad envelope")
    (line,) = [line for line in _lines(capsys) if "dead-lettered" in str(line["message"])]
    assert line["correlation_id"] == "corr-9" and line["level"] == "WARNING"
