"""The payload of every topic. Contact data (phone, e-mail) never appears here (UU PDP 27/2022)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from shared.contracts.base import Event, Kpi, Position
from shared.fields import NIB, Count, Identifier, Label, Name, Rupiah, line

MemberKind = Literal["person", "business"]
CraftCategory = Literal[
    "batik",
    "tenun",
    "anyaman",
    "kayu",
    "gerabah_keramik",
    "logam",
    "perhiasan",
    "bambu_rotan",
    "other",
]
BusinessScale = Literal["mikro", "kecil", "menengah"]
ProgramCategory = Literal[
    "product_competitiveness",
    "digitalisation",
    "market_access",
    "partnership",
    "training",
    "exhibition",
    "monev",
    "other",
]
EventType = Literal[
    "rakerda",
    "rakor",
    "inauguration",
    "training",
    "exhibition",
    "monev_visit",
    "other",
]
NIB_PATTERN = NIB
Title = Annotated[str, line(300)]
AnyName = Annotated[str, line(200, min_length=0)]
Text = Annotated[str, line(500, min_length=0)]
Labels = Annotated[list[Label], Field(max_length=50)]
Ids = Annotated[list[Identifier], Field(max_length=100_000)]


class _Member(Event):
    key_field = "member_id"

    member_id: Identifier
    kind: MemberKind
    name: Name
    nib: str | None = Field(default=None, pattern=NIB_PATTERN)
    category: CraftCategory | None = None
    scale: BusinessScale | None = None
    owner_name: AnyName | None = None
    digital_channels: Labels = Field(default_factory=list)
    revision: int = Field(ge=1, description="Grows with every change; newer wins in read models")


class MemberRegistered(_Member):
    """A person or business joined a council's register."""

    topic = "member.registered"


class MemberUpdated(_Member):
    """A member's public data changed; carries the whole public record."""

    topic = "member.updated"


class TermCreated(Event):
    """A board term (kepengurusan) was drafted."""

    topic = "term.created"
    key_field = "term_id"

    term_id: Identifier
    period_start: date
    period_end: date
    decree_number: Text | None = None


class TermInaugurated(Event):
    """A board term was inaugurated (pengukuhan); carries the whole board."""

    topic = "term.inaugurated"
    key_field = "term_id"

    term_id: Identifier
    period_start: date
    period_end: date
    decree_number: Text | None = None
    inaugurated_at: AwareDatetime
    event_id: Identifier | None = Field(default=None, description="The inauguration event, if any")
    previous_term_id: Identifier | None = None
    positions: list[Position] = Field(default_factory=list, max_length=1000)
    bidang: Labels | None = Field(
        default=None,
        description=(
            "The council's bidang when the term was inaugurated; null when not told (older"
            " events), empty when the council has none"
        ),
    )
    divisions: Labels | None = Field(
        default=None,
        deprecated="read `bidang`",
        description=(
            "Deprecated: the old name of `bidang`, sent with the same value for one version;"
            " events published before `bidang` carry only this"
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _old_name(cls, data: Any) -> Any:
        """`bidang` and its old name `divisions` carry one value: either fills the other."""
        if not isinstance(data, dict):
            return data
        new, old = data.get("bidang"), data.get("divisions")
        if new is not None and old is not None and new != old:
            raise ValueError("bidang and its old name divisions differ")
        value = new if new is not None else old
        return {**data, "bidang": value, "divisions": value}


class TermEnded(Event):
    """A board term ended, usually because its successor was inaugurated."""

    topic = "term.ended"
    key_field = "term_id"

    term_id: Identifier
    ended_at: AwareDatetime
    successor_term_id: Identifier | None = None


class TermInaugurationRefused(Event):
    """An inauguration event listed a term that could not be inaugurated; the term is unchanged.

    Membership answers every term of a concluded inauguration it keeps: `term.inaugurated`
    (with `event_id`) when it inaugurated the term, this when it could not, with the reason.
    """

    topic = "term.inauguration_refused"
    key_field = "term_id"

    term_id: str = Field(min_length=1, max_length=64)
    event_id: str = Field(min_length=1, max_length=64, description="The inauguration event")
    reason: str = Field(
        min_length=1,
        max_length=500,
        description="Why, in words: e.g. a later term of the council is already inaugurated",
    )


class BudgetLine(BaseModel):
    """An amount in whole rupiah from one funding source."""

    model_config = ConfigDict(frozen=True)

    source: Literal["APBD", "APBN", "CSR", "sponsor", "self_funded", "other"]
    amount: Rupiah
    note: Text | None = None


class ProgramApproved(Event):
    """A work program (program kerja) was approved."""

    topic = "program.approved"
    key_field = "program_id"

    program_id: Identifier
    term_id: Identifier
    bidang: Text | None = None
    title: Title
    category: ProgramCategory
    planned_start: date | None = None
    planned_end: date | None = None
    kpis: list[Kpi] = Field(default_factory=list, max_length=1000)
    budget: list[BudgetLine] = Field(default_factory=list, max_length=1000)


class ProgramCompleted(Event):
    """A work program was completed with its final KPI actuals."""

    topic = "program.completed"
    key_field = "program_id"

    program_id: Identifier
    term_id: Identifier
    completed_at: AwareDatetime
    kpis: list[Kpi] = Field(default_factory=list, max_length=1000)


class UkmEnrolled(Event):
    """A business was enrolled as assisted business (UKM binaan) of a program."""

    topic = "ukm.enrolled"
    key_field = "member_id"

    program_id: Identifier
    member_id: Identifier
    enrolled_on: date


class UkmEvaluated(Event):
    """An assisted business was evaluated (monev)."""

    topic = "ukm.evaluated"
    key_field = "member_id"

    evaluation_id: Identifier
    program_id: Identifier
    member_id: Identifier
    evaluated_on: date
    score: int = Field(ge=1, le=5)
    monthly_revenue: Rupiah | None = None
    employees: Count | None = None
    digital_channels: Labels = Field(default_factory=list)
    certifications: Labels = Field(default_factory=list)
    marketplaces: Labels = Field(default_factory=list)


class _Agenda(Event):
    key_field = "event_id"

    event_id: Identifier


class EventScheduled(_Agenda):
    """An agenda item (kegiatan) was scheduled."""

    topic = "event.scheduled"

    type: EventType
    title: Title
    venue: Text | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: Count | None = None
    program_id: Identifier | None = None
    term_ids: Ids = Field(default_factory=list)


class EventRescheduled(_Agenda):
    """An agenda item moved in time or place."""

    topic = "event.rescheduled"

    venue: Text | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    sequence: int = Field(ge=0)


class EventCancelled(_Agenda):
    """An agenda item was cancelled."""

    topic = "event.cancelled"

    reason: Text | None = None


class EventConcluded(_Agenda):
    """An agenda item took place; carries its attendance and, for an inauguration, its terms."""

    topic = "event.concluded"

    type: EventType
    program_id: Identifier | None = None
    term_ids: Ids = Field(default_factory=list)
    held_at: AwareDatetime
    ended_at: AwareDatetime
    attendance: Count
    attendee_member_ids: Ids = Field(default_factory=list)


class TradeUkmRegistered(Event):
    """A trade-ministry system registered a business (produced by integrators, not by us).

    `council` is the region code of the business's regency or city (or province).
    """

    topic = "trade.ukm.registered"
    key_field = "nib"

    nib: str = Field(pattern=NIB_PATTERN)
    name: Name
    owner_name: AnyName | None = None
    category: CraftCategory = "other"
    scale: BusinessScale | None = None
    registered_at: datetime | None = None


CONTRACTS: dict[str, type[Event]] = {
    model.topic: model
    for model in (
        MemberRegistered,
        MemberUpdated,
        TermCreated,
        TermInaugurated,
        TermEnded,
        TermInaugurationRefused,
        ProgramApproved,
        ProgramCompleted,
        UkmEnrolled,
        UkmEvaluated,
        EventScheduled,
        EventRescheduled,
        EventCancelled,
        EventConcluded,
        TradeUkmRegistered,
    )
}
