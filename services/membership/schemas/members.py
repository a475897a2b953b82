"""HTTP schemas of members and their pending changes."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.fields import NIB, Label, Name, Rupiah, line

from ..domain import Member
from .councils import Code

Channels = Annotated[list[Label], Field(max_length=20, description="Where it sells online")]


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
