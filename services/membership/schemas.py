"""HTTP schemas of the membership API: `XCreate`, `XUpdate`, `XPublic`."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.fields import NIB, REGION, Identifier, Label, Labels, Name, Rupiah, line

from .domain import BoardPosition, Council, Member, Term, TermStatus

Code = Field(pattern=REGION, examples=["33.75"])
Channels = Annotated[list[Label], Field(max_length=20, description="Where it sells online")]


class CouncilCreate(BaseModel):
    """A council is created from its Kemendagri code alone."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=REGION, examples=["17"])
    divisions: Labels = Field(default_factory=list, description="Bidang of this council")


class CouncilUpdate(BaseModel):
    """Editable parts of a council."""

    model_config = ConfigDict(extra="forbid")

    divisions: Labels


class CouncilPublic(BaseModel):
    """A council as the API shows it."""

    code: str
    name: str
    level: str
    parent: str | None
    time_zone: str
    divisions: list[str]
    created_at: datetime

    @classmethod
    def of(cls, council: Council) -> "CouncilPublic":
        """The public view of a council."""
        return cls(
            code=council.code,
            name=council.name,
            level=council.level,
            parent=council.parent,
            time_zone=council.time_zone,
            divisions=council.divisions,
            created_at=council.created_at,
        )


class _MemberFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phone: Annotated[str, line(32, min_length=0)] | None = Field(
        default=None, description="Personal data"
    )
    email: Annotated[str, line(254, min_length=0)] | None = Field(
        default=None, description="Personal data"
    )
    nib: str | None = Field(default=None, pattern=NIB, description="13-digit NIB")
    category: CraftCategory | None = None
    scale: BusinessScale | None = None
    owner_name: Annotated[str, line(200, min_length=0)] | None = None
    digital_channels: Channels | None = Field(default=None, description="null: none")
    capital: Rupiah | None = None
    yearly_sales: Rupiah | None = None

    @field_validator("digital_channels")
    @classmethod
    def _none_is_empty(cls, value: list[str] | None) -> list[str]:
        return value or []


class MemberCreate(_MemberFields):
    """A person (board member, artisan) or a business (UMKM)."""

    council: str = Code
    kind: MemberKind
    name: Name


class MemberUpdate(_MemberFields):
    """A partial change: only the fields sent are changed."""

    name: Name | None = None


class PendingChangePublic(BaseModel):
    """A trade-registry record of another council, waiting for the home council's decision."""

    id: str
    council: str = Field(description="The council the record named")
    changes: dict[str, Any] = Field(description="The fields it would change, with new values")
    ce_id: str | None = Field(description="The record's CloudEvents id")
    source: str | None = Field(description="The record's CloudEvents source (who sent it)")
    received_at: datetime


class MemberPublic(BaseModel):
    """A member as the API shows it to callers within its council's scope."""

    id: str
    council: str
    kind: MemberKind
    name: str
    phone: str | None
    email: str | None
    nib: str | None
    category: CraftCategory | None
    scale: BusinessScale | None
    owner_name: str | None
    digital_channels: list[str]
    capital: int | None
    yearly_sales: int | None
    revision: int = Field(description="Public revision, as carried on the topics")
    created_at: datetime
    updated_at: datetime
    pending_changes: list[PendingChangePublic] = Field(
        default_factory=list, description="Registry records of other councils, to accept or reject"
    )

    @classmethod
    def of(cls, member: Member) -> "MemberPublic":
        """The API view of a member."""
        computed = ("revision", "pending_changes")
        data: dict[str, Any] = {
            name: getattr(member, name) for name in cls.model_fields if name not in computed
        }
        pending = [PendingChangePublic(**vars(c)) for c in member.pending_changes]
        return cls(**data, revision=member.public_revision, pending_changes=pending)


class PositionFields(BaseModel):
    """One seat on the board: a title, an optional bidang, and the person holding it."""

    model_config = ConfigDict(extra="forbid")

    title: Label = Field(examples=["Ketua Harian"])
    bidang: Annotated[str, line(120, min_length=0)] | None = Field(
        default=None, examples=["Bidang Pemasaran"]
    )
    member_id: Identifier

    def seat(self) -> BoardPosition:
        """The seat as the domain takes it."""
        return BoardPosition(title=self.title, bidang=self.bidang, member_id=self.member_id)


class TermCreate(BaseModel):
    """A draft board term (kepengurusan); the period is half-open, its end day excluded."""

    model_config = ConfigDict(extra="forbid")

    council: str = Code
    period_start: date = Field(examples=["2021-10-26"])
    period_end: date = Field(examples=["2026-10-26"])
    decree_number: Annotated[str, line(200, min_length=0)] | None = Field(
        default=None, description="Nomor SK"
    )
    positions: list[PositionFields] = Field(default_factory=list, max_length=200)


class PositionsReplace(BaseModel):
    """The whole board, replacing the one the term had."""

    model_config = ConfigDict(extra="forbid")

    positions: list[PositionFields] = Field(max_length=200)


class InaugurationRecord(BaseModel):
    """When the inauguration (pengukuhan) took place; now when not given."""

    model_config = ConfigDict(extra="forbid")

    inaugurated_at: AwareDatetime | None = Field(
        default=None, examples=["2021-10-26T10:00:00+07:00"]
    )


class PositionPublic(BaseModel):
    """A seat on the board, with the holder's name as it was when seated."""

    title: str
    bidang: str | None
    member_id: str
    member_name: str | None


class TermPublic(BaseModel):
    """A board term as the API shows it."""

    id: str
    council: str
    period_start: date
    period_end: date
    decree_number: str | None
    status: TermStatus
    positions: list[PositionPublic]
    created_at: datetime
    inaugurated_at: datetime | None
    inauguration_event_id: str | None
    previous_term_id: str | None
    ended_at: datetime | None
    successor_term_id: str | None

    @classmethod
    def of(cls, term: Term) -> "TermPublic":
        """The API view of a term."""
        data: dict[str, Any] = {
            name: getattr(term, name) for name in cls.model_fields if name != "positions"
        }
        seats = [PositionPublic(**vars(seat)) for seat in term.positions]
        return cls(**data, positions=seats)
