"""Members: persons (board members, artisans) and businesses (UMKM) on a council's register."""

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Unpack, get_args
from uuid import uuid4

from shared.aggregate import Aggregate, DomainError, NotFound
from shared.clock import as_utc
from shared.contracts.events import (
    BusinessScale,
    CraftCategory,
    MemberKind,
    MemberRegistered,
    MemberUpdated,
)

from . import values
from .details import (
    EDITABLE,
    EMAIL,
    PHONE,
    PUBLIC,
    MemberChanges,
    MemberDetails,
    PendingChange,
    contact,
    public_record,
    refuse_business_fields,
    settled_scale,
)
from .scale import derive_scale


@dataclass(kw_only=True)
class Member(Aggregate):
    """A person or a business registered with its home council."""

    council: str
    kind: MemberKind
    name: str
    phone: str | None = None  # personal data (UU PDP 27/2022): stored, never on a topic
    email: str | None = None  # personal data, as phone
    nib: str | None = None
    category: CraftCategory | None = None
    scale: BusinessScale | None = None
    owner_name: str | None = None
    digital_channels: list[str] = field(default_factory=list)
    capital: int | None = None  # whole rupiah, excluding land and buildings
    yearly_sales: int | None = None  # whole rupiah
    public_revision: int = 0  # counts changes of the public record: the payloads' `revision`
    created_at: datetime
    updated_at: datetime
    pending_changes: list[PendingChange] = field(default_factory=list)  # never on a topic

    def __post_init__(self) -> None:
        self.pending_changes = [
            c if isinstance(c, PendingChange) else PendingChange(**c) for c in self.pending_changes
        ]

    @classmethod
    def register(
        cls,
        *,
        council: str,
        kind: MemberKind,
        name: str,
        now: datetime,
        member_id: str | None = None,
        **details: Unpack[MemberDetails],
    ) -> "Member":
        """A new member of a council; records MemberRegistered (revision 1)."""
        unknown = sorted(set(details) - EDITABLE)
        if unknown:
            raise DomainError("is not a member field", field=unknown[0])
        if kind not in get_args(MemberKind):
            raise DomainError("must be person or business", field="kind")
        moment = as_utc(now, field="now")
        member = cls(
            id=member_id or uuid4().hex,
            council=values.known_council(council),
            kind=kind,
            name=name,
            created_at=moment,
            updated_at=moment,
            public_revision=1,
            **details,
        )
        member._normalise()
        member.record(public_record(MemberRegistered, member))
        return member

    def update(self, *, now: datetime, **changes: Unpack[MemberChanges]) -> bool:
        """Apply a partial change; records MemberUpdated if the public record changed."""
        unknown = sorted(set(changes) - EDITABLE)
        if unknown:
            raise DomainError("cannot be changed", field=unknown[0])
        candidate = replace(self, pending=[], **changes)
        figures_changed = "capital" in changes or "yearly_sales" in changes
        if figures_changed and "scale" not in changes:
            # New figures decide the scale; with no figures left the stated scale stays.
            derived = derive_scale(capital=candidate.capital, yearly_sales=candidate.yearly_sales)
            candidate.scale = derived or self.scale
        candidate._normalise()
        if _snapshot(candidate, EDITABLE) == _snapshot(self, EDITABLE):
            return False
        public_changed = _snapshot(candidate, PUBLIC) != _snapshot(self, PUBLIC)
        for name in EDITABLE:
            setattr(self, name, getattr(candidate, name))
        self.updated_at = as_utc(now, field="now")
        if public_changed:
            self.public_revision += 1
            self.record(public_record(MemberUpdated, self))
        return True

    def propose(self, change: PendingChange) -> bool:
        """Keep another council's change for the home council; one, the newest, per council."""
        if any(
            (c.council, c.changes) == (change.council, change.changes) for c in self.pending_changes
        ):
            return False  # the same news again
        kept = [c for c in self.pending_changes if c.council != change.council]
        self.pending_changes = [*kept, change]
        return True

    def decide(self, change_id: str, *, accept: bool, now: datetime) -> PendingChange:
        """Apply (accept) or drop (reject) a pending change; either way it is no longer pending."""
        change = next((c for c in self.pending_changes if c.id == change_id), None)
        if change is None:
            raise NotFound(f"pending change {change_id} not found")
        if accept:
            self.update(now=now, **change.changes)
        self.pending_changes = [c for c in self.pending_changes if c.id != change_id]
        self.updated_at = as_utc(now, field="now")
        return change

    def _normalise(self) -> None:
        self.name = values.text(self.name, field="name")
        self.phone = contact(self.phone, PHONE, field="phone")
        self.email = contact(self.email, EMAIL, field="email")
        self.email = self.email.lower() if self.email else None
        self.nib = values.nib(self.nib)
        self.owner_name = values.optional_text(self.owner_name, field="owner_name")
        self.digital_channels = values.distinct(self.digital_channels, field="digital_channels")
        if self.category is not None and self.category not in get_args(CraftCategory):
            raise DomainError(f"must be one of {get_args(CraftCategory)}", field="category")
        if self.kind == "person":
            refuse_business_fields(vars(self))
        self.scale = settled_scale(
            scale=self.scale, capital=self.capital, yearly_sales=self.yearly_sales
        )


def _snapshot(member: Member, names: frozenset[str] | tuple[str, ...]) -> dict[str, object]:
    return {name: getattr(member, name) for name in names}
