"""The base of every event payload, and the small value types payloads share."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

REGION_PATTERN = r"^(ID|\d{2}(\.\d{2})?)$"


class Event(BaseModel):
    """An integration event: a frozen payload named in the past tense, one per topic.

    `topic` is the Kafka topic and the CloudEvents `type`; `key_field` names the field that holds
    the aggregate id (the message key and `ce_subject`). A v1 payload only gains optional fields;
    a breaking change is a new type.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    topic: ClassVar[str]
    key_field: ClassVar[str]
    version: ClassVar[int] = 1

    council: str = Field(pattern=REGION_PATTERN, description="Kemendagri code of the council")

    @property
    def subject(self) -> str:
        """The aggregate id this event is about."""
        return str(getattr(self, self.key_field))

    @classmethod
    def dataschema(cls) -> str:
        """The URI that names this payload's schema version (`ce_dataschema`)."""
        return f"urn:dekranasda:schema:{cls.topic}:v{cls.version}"


class Position(BaseModel):
    """One seat on a board (kepengurusan): a title, an optional division, the member holding it."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(min_length=1, max_length=120, examples=["Ketua Harian"])
    bidang: str | None = Field(default=None, max_length=120)
    member_id: str
    member_name: str | None = None


class Kpi(BaseModel):
    """A key performance indicator of a work program."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    name: str
    unit: str
    target: float = Field(ge=0)
    actual: float = Field(default=0, ge=0)
