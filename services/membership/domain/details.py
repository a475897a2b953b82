"""The fields of a member: what may be given or changed, their checks, pending changes."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict, get_args

from shared.aggregate import DomainError
from shared.contracts.events import BusinessScale, CraftCategory, MemberRegistered, MemberUpdated

from . import values
from .scale import derive_scale

if TYPE_CHECKING:
    from .members import Member

PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{5,22}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
BUSINESS_ONLY = ("nib", "scale", "owner_name", "capital", "yearly_sales")
PUBLIC = ("name", "nib", "category", "scale", "owner_name", "digital_channels")  # on the topics


class MemberDetails(TypedDict, total=False):
    """The optional fields of a member; business-only ones are refused for a person."""

    phone: str | None
    email: str | None
    nib: str | None
    category: CraftCategory | None
    scale: BusinessScale | None
    owner_name: str | None
    digital_channels: list[str]
    capital: int | None
    yearly_sales: int | None


class MemberChanges(MemberDetails, total=False):
    """A partial change of a member: only the keys given are changed."""

    name: str


EDITABLE = frozenset(MemberChanges.__annotations__)


@dataclass(kw_only=True)
class PendingChange:
    """A registry record from another council, kept until the home council decides on it."""

    id: str
    council: str  # the council the record named
    changes: dict[str, Any]  # the fields it would change (MemberChanges), new values
    ce_id: str | None  # the record's CloudEvents id and source: who sent it
    source: str | None
    received_at: datetime


def contact(value: str | None, pattern: re.Pattern[str], *, field: str) -> str | None:
    """A phone number or e-mail address, trimmed and checked, or None."""
    cleaned = values.optional_text(value, field=field, max_length=254)
    if cleaned is not None and not pattern.fullmatch(cleaned):
        raise DomainError(f"is not a valid {field}", field=field)
    return cleaned


def refuse_business_fields(fields: Mapping[str, object]) -> None:
    """Refuse (422) any field only a business has, set on a person."""
    for name in BUSINESS_ONLY:
        if fields.get(name) is not None:
            raise DomainError("only a business has this", field=name)


def settled_scale(
    *, scale: BusinessScale | None, capital: int | None, yearly_sales: int | None
) -> BusinessScale | None:
    """The scale the figures make, else the stated one; a stated one they contradict is a 422."""
    derived = derive_scale(capital=capital, yearly_sales=yearly_sales)
    if scale is not None and scale not in get_args(BusinessScale):
        raise DomainError(f"must be one of {get_args(BusinessScale)}", field="scale")
    if derived is not None and scale is not None and scale != derived:
        raise DomainError(f"capital and yearly sales make this {derived}", field="scale")
    return derived or scale


def public_record(
    event: type[MemberRegistered] | type[MemberUpdated], member: "Member"
) -> MemberRegistered | MemberUpdated:
    """The event carrying a member's public record; phone and e-mail stay here."""
    return event(
        council=member.council,
        member_id=member.id,
        kind=member.kind,
        name=member.name,
        nib=member.nib,
        category=member.category,
        scale=member.scale,
        owner_name=member.owner_name,
        digital_channels=list(member.digital_channels),
        revision=member.public_revision,
    )
