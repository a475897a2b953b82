"""HTTP schemas of the membership API: `XCreate`, `XUpdate`, `XPublic`."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.events import BusinessScale, CraftCategory, MemberKind

from .domain import Council, Member

Code = Field(pattern=r"^(ID|\d{2}(\.\d{2})?)$", examples=["33.75"])


class CouncilCreate(BaseModel):
    """A council is created from its Kemendagri code alone."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^(ID|\d{2}(\.\d{2})?)$", examples=["17"])
    divisions: list[str] = Field(default_factory=list, description="Bidang of this council")


class CouncilUpdate(BaseModel):
    """Editable parts of a council."""

    model_config = ConfigDict(extra="forbid")

    divisions: list[str]


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

    phone: str | None = Field(default=None, max_length=32, description="Personal data")
    email: str | None = Field(default=None, max_length=254, description="Personal data")
    nib: str | None = Field(default=None, pattern=r"^\d{13}$", description="13-digit NIB")
    category: CraftCategory | None = None
    scale: BusinessScale | None = None
    owner_name: str | None = Field(default=None, max_length=200)
    digital_channels: list[str] | None = None
    capital: int | None = Field(default=None, ge=0, description="Whole rupiah")
    yearly_sales: int | None = Field(default=None, ge=0, description="Whole rupiah")


class MemberCreate(_MemberFields):
    """A person (board member, artisan) or a business (UMKM)."""

    council: str = Code
    kind: MemberKind
    name: str = Field(min_length=1, max_length=200)


class MemberUpdate(_MemberFields):
    """A partial change: only the fields sent are changed."""

    name: str | None = Field(default=None, min_length=1, max_length=200)


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

    @classmethod
    def of(cls, member: Member) -> "MemberPublic":
        """The API view of a member."""
        data: dict[str, Any] = {
            name: getattr(member, name) for name in cls.model_fields if name not in ("revision",)
        }
        return cls(**data, revision=member.public_revision)
