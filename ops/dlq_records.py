"""What a dead letter is, and how commands pick them: ids, filters, times."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

DEAD_LETTER_TOPICS = ("dlq.membership", "dlq.programs", "dlq.events")
_DURATION = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class DeadLetter:
    """One record of a dead-letter topic."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]

    @property
    def id(self) -> str:
        """Names the record in commands: `<topic>:<partition>:<offset>`."""
        return f"{self.topic}:{self.partition}:{self.offset}"

    @property
    def original_topic(self) -> str:
        """The topic the record was consumed from."""
        return self.headers.get("dlq_topic", "")

    @property
    def error(self) -> str:
        """Why the consumer gave up on it."""
        return self.headers.get("dlq_error", "")

    @property
    def at(self) -> datetime:
        """When it was dead-lettered."""
        stamp = self.headers.get("dlq_at")
        if stamp:
            return datetime.fromisoformat(stamp)
        return datetime.fromtimestamp(self.timestamp_ms / 1000, UTC)

    def original_headers(self) -> list[tuple[str, bytes]]:
        """The headers the record had on its original topic (`ce_id` among them)."""
        return [(k, v.encode()) for k, v in self.headers.items() if not k.startswith("dlq_")]


@dataclass(frozen=True)
class Filter:
    """Which dead letters a command is about."""

    topics: Sequence[str] = DEAD_LETTER_TOPICS
    error: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    deployment: str | None = None

    def matches(self, record: DeadLetter) -> bool:
        """Whether the record passes every filter given."""
        consumer = record.headers.get("dlq_consumer", "")
        return (
            (self.error is None or self.error.lower() in record.error.lower())
            and (self.since is None or record.at >= self.since)
            and (self.until is None or record.at <= self.until)
            and (self.deployment is None or consumer.startswith(f"dekranasda.{self.deployment}."))
        )


def parse_time(text: str, now: datetime | None = None) -> datetime:
    """An ISO 8601 time (UTC when it has no zone) or a duration back from now: 90m, 2h, 7d."""
    match = _DURATION.match(text.strip())
    if match:
        delta = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        return (now or datetime.now(UTC)) - delta
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_id(text: str) -> tuple[str, int, int]:
    """`dlq.membership:3:17` -> (topic, partition, offset)."""
    topic, partition, offset = text.rsplit(":", 2)
    return topic, int(partition), int(offset)
