"""Structured JSON logs with the correlation id, PII masking, and Prometheus metrics."""

import logging
import re
import sys
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from lokal import PiiType, mask_pii
from prometheus_client import Counter, Gauge, Histogram
from pythonjsonlogger.json import JsonFormatter

_correlation: ContextVar[str | None] = ContextVar("correlation_id", default=None)

HTTP_LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
CONSUMED = Counter("messages_consumed_total", "Messages consumed", ["service", "topic", "outcome"])
PUBLISHED = Counter("messages_published_total", "Events published", ["service", "topic"])
DEAD_LETTERED = Counter(
    "messages_dead_lettered_total", "Messages sent to the DLQ", ["service", "topic"]
)
OUTBOX_BACKLOG = Gauge(
    "outbox_backlog", "Saves with events the relay has not published yet", ["service"]
)
OUTBOX_OLDEST_AGE = Gauge(
    "outbox_oldest_pending_age_seconds",
    "Age of the oldest save whose events the relay has not published yet (0: none)",
    ["service"],
)
READMODEL_WRITES = Counter(
    "readmodel_writes_total",
    "Read-model documents per outcome: inserted, updated (newer revision) or unchanged",
    ["collection", "outcome"],
)
CONSUMER_LAG = Gauge("consumer_lag", "Messages not yet consumed", ["service", "group", "topic"])
SERVICE_READY = Gauge(
    "service_ready", "1 when /ready would answer 200 (measured every 5 s), else 0", ["service"]
)
DEAD_LETTER_RECORDS = Gauge(
    "dead_letter_records",
    "Records on a dead-letter topic (every deployment's; `dekranasda dlq list` shows them)",
    ["topic"],
)


def correlation_id() -> str:
    """The correlation id of the request or event being handled (a new one outside of any)."""
    current = _correlation.get()
    return current if current else str(uuid.uuid4())


def set_correlation_id(value: str | None) -> None:
    """Bind a correlation id to the current task."""
    _correlation.set(value)


_MASKED: tuple[PiiType, ...] = ("PHONE", "EMAIL", "NIK")


ACCESS_LOGGER = "dekranasda.access"
"""The logger of one line per request (`shared/observed.py`), which carries no personal data."""


class _Context(logging.Filter):
    """Adds the correlation id and masks phone numbers and e-mail addresses (UU PDP)."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self._service
        record.correlation_id = _correlation.get()
        if record.name == ACCESS_LOGGER:  # a known method, a route template, status, duration:
            return True  # nothing to mask, and masking was a tenth of a cheap read's time
        message = _ANSI.sub("", record.getMessage())
        record.msg = mask_pii(message, types=_MASKED).text
        record.args = None
        record.__dict__.pop("color_message", None)  # uvicorn's copy with ANSI colours
        if record.levelno == logging.ERROR and _is_start_up_race(record):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_START_UP_RACES = (
    "CoordinatorNotAvailable",  # the group coordinator is still being elected
    "NotCoordinator",
    "Group Coordinator Request failed",
    "not found in cluster metadata",  # a topic another service has not created yet
)


def _is_start_up_race(record: logging.LogRecord) -> bool:
    """Kafka's transient answers while a cluster or a topic comes up: retried, not errors."""
    message = str(record.msg)
    return record.name.startswith("aiokafka") and any(s in message for s in _START_UP_RACES)


class _UtcJsonFormatter(JsonFormatter):
    """JSON lines timed in ISO 8601 UTC with milliseconds: 2026-11-29T10:16:18.715Z."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def configure_logging(service: str, level: str = "INFO") -> None:
    """One JSON line per log record on stdout."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        _UtcJsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "asctime": "time"},
        )
    )
    handler.addFilter(_Context(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
