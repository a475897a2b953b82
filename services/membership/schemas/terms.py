"""HTTP schemas of board terms, their boards and inauguration."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.fields import Identifier, Label, line

from ..domain import BoardPosition, Term, TermStatus
from .councils import Code


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
