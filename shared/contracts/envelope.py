"""The CloudEvents 1.0 envelope in Kafka binary mode: metadata in `ce_*` headers."""

import uuid
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


class Envelope(BaseModel):
    """The CloudEvents attributes of one message; the value is the payload's JSON."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    type: str
    source: str
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str
    dataschema: str
    region: str
    correlationid: str = Field(default_factory=lambda: str(uuid.uuid4()))

    def headers(self) -> dict[str, str]:
        """The Kafka headers of this envelope (binary content mode)."""
        return {
            "ce_specversion": SPEC_VERSION,
            "ce_id": self.id,
            "ce_type": self.type,
            "ce_source": self.source,
            "ce_time": self.time.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "ce_subject": self.subject,
            "ce_dataschema": self.dataschema,
            "ce_region": self.region,
            "ce_correlationid": self.correlationid,
            "content-type": CONTENT_TYPE,
        }

    @classmethod
    def from_headers(cls, headers: dict[str, str]) -> "Envelope":
        """Read an envelope from Kafka headers; raises `ValueError` when one is missing."""
        if headers.get("ce_specversion") != SPEC_VERSION:
            raise ValueError(f"ce_specversion must be {SPEC_VERSION!r}")
        missing = [
            f"ce_{name}"
            for name in ("id", "type", "source", "time", "subject", "region")
            if not headers.get(f"ce_{name}")
        ]
        if missing:
            raise ValueError(f"missing CloudEvents headers: {', '.join(missing)}")
        return cls(
            id=headers["ce_id"],
            type=headers["ce_type"],
            source=headers["ce_source"],
            time=datetime.fromisoformat(headers["ce_time"].replace("Z", "+00:00")),
            subject=headers["ce_subject"],
            dataschema=headers.get("ce_dataschema", ""),
            region=headers["ce_region"],
            correlationid=headers.get("ce_correlationid") or headers["ce_id"],
        )
