"""The payload of every topic. Contact data (phone, e-mail) never appears here (UU PDP 27/2022)."""

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.base import Event, Kpi, Position

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
NIB_PATTERN = r"^\d{13}$"


class _Member(Event):
    key_field = "member_id"

    member_id: str
    kind: MemberKind
    name: str
    nib: str | None = Field(default=None, pattern=NIB_PATTERN)
    category: CraftCategory | None = None
    scale: BusinessScale | None = None
    owner_name: str | None = None
    digital_channels: list[str] = Field(default_factory=list)
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

    term_id: str
    period_start: date
    period_end: date
    decree_number: str | None = None


class TermInaugurated(Event):
    """A board term was inaugurated (pengukuhan); carries the whole board."""

    topic = "term.inaugurated"
    key_field = "term_id"

    term_id: str
    period_start: date
    period_end: date
    decree_number: str | None = None
    inaugurated_at: AwareDatetime
    event_id: str | None = Field(default=None, description="The inauguration event, if any")
    previous_term_id: str | None = None
    positions: list[Position] = Field(default_factory=list)


class TermEnded(Event):
    """A board term ended, usually because its successor was inaugurated."""

    topic = "term.ended"
    key_field = "term_id"

    term_id: str
    ended_at: AwareDatetime
    successor_term_id: str | None = None


class BudgetLine(BaseModel):
    """An amount in whole rupiah from one funding source."""

    model_config = ConfigDict(frozen=True)

    source: Literal["APBD", "APBN", "CSR", "sponsor", "self_funded", "other"]
    amount: int = Field(ge=0, description="Whole rupiah")
    note: str | None = None


class ProgramApproved(Event):
    """A work program (program kerja) was approved."""

    topic = "program.approved"
    key_field = "program_id"

    program_id: str
    term_id: str
    bidang: str | None = None
    title: str
    category: ProgramCategory
    planned_start: date | None = None
    planned_end: date | None = None
    kpis: list[Kpi] = Field(default_factory=list)
    budget: list[BudgetLine] = Field(default_factory=list)


class ProgramCompleted(Event):
    """A work program was completed with its final KPI actuals."""

    topic = "program.completed"
    key_field = "program_id"

    program_id: str
    term_id: str
    completed_at: AwareDatetime
    kpis: list[Kpi] = Field(default_factory=list)


class UkmEnrolled(Event):
    """A business was enrolled as assisted business (UKM binaan) of a program."""

    topic = "ukm.enrolled"
    key_field = "member_id"

    program_id: str
    member_id: str
    enrolled_on: date


class UkmEvaluated(Event):
    """An assisted business was evaluated (monev)."""

    topic = "ukm.evaluated"
    key_field = "member_id"

    evaluation_id: str
    program_id: str
    member_id: str
    evaluated_on: date
    score: int = Field(ge=1, le=5)
    monthly_revenue: int | None = Field(default=None, ge=0, description="Whole rupiah")
    employees: int | None = Field(default=None, ge=0)
    digital_channels: list[str] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    marketplaces: list[str] = Field(default_factory=list)


class _Agenda(Event):
    key_field = "event_id"

    event_id: str


class EventScheduled(_Agenda):
    """An agenda item (kegiatan) was scheduled."""

    topic = "event.scheduled"

    type: EventType
    title: str
    venue: str | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: int | None = None
    program_id: str | None = None
    term_ids: list[str] = Field(default_factory=list)


class EventRescheduled(_Agenda):
    """An agenda item moved in time or place."""

    topic = "event.rescheduled"

    venue: str | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    sequence: int = Field(ge=0)


class EventCancelled(_Agenda):
    """An agenda item was cancelled."""

    topic = "event.cancelled"

    reason: str | None = None


class EventConcluded(_Agenda):
    """An agenda item took place; carries its attendance and, for an inauguration, its terms."""

    topic = "event.concluded"

    type: EventType
    program_id: str | None = None
    term_ids: list[str] = Field(default_factory=list)
    held_at: AwareDatetime
    ended_at: AwareDatetime
    attendance: int = Field(ge=0)
    attendee_member_ids: list[str] = Field(default_factory=list)


class TradeUkmRegistered(Event):
    """A trade-ministry system registered a business (produced by integrators, not by us).

    `council` is the region code of the business's regency or city (or province).
    """

    topic = "trade.ukm.registered"
    key_field = "nib"

    nib: str = Field(pattern=NIB_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    owner_name: str | None = None
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
