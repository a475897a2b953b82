"""The base of every event payload, and the small value types payloads share."""

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from shared.fields import KPI_KEY, MEASURE_MAX, REGION, Identifier, Label, Name, line

REGION_PATTERN = REGION


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
    """One seat on a board (kepengurusan): a title, an optional bidang, the member holding it."""

    model_config = ConfigDict(frozen=True)

    title: Label = Field(examples=["Ketua Harian"])
    bidang: Annotated[str, line(120, min_length=0)] | None = None
    member_id: Identifier
    member_name: Name | None = None


class Kpi(BaseModel):
    """A key performance indicator of a work program."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(pattern=KPI_KEY)
    name: Name
    unit: Annotated[str, line(40)]
    target: float = Field(ge=0, le=MEASURE_MAX)
    actual: float = Field(default=0, ge=0, le=MEASURE_MAX)
