"""Intake from trade systems: a `trade.ukm.registered` record becomes or updates a business."""

from datetime import datetime

from shared.aggregate import DomainError
from shared.contracts.events import TradeUkmRegistered

from . import values
from .members import Member, MemberChanges


def apply_trade_registration(
    record: TradeUkmRegistered,
    *,
    existing: Member | None,
    now: datetime,
    member_id: str | None = None,
) -> Member:
    """The business a trade-registry record describes: registered anew, or `existing` updated."""
    values.known_council(record.council)  # an unknown region is malformed: dead letter
    if existing is None:
        return Member.register(
            member_id=member_id,
            council=record.council,
            kind="business",
            name=record.name,
            now=now,
            nib=record.nib,
            owner_name=record.owner_name,
            category=record.category,
            scale=record.scale,
        )
    # The home council stays: moving a member between councils is the secretariat's call.
    if existing.nib != record.nib:
        raise DomainError("the record's NIB is not this member's", field="nib")
    existing.update(now=now, **_registry_changes(record, existing))
    return existing


def _registry_changes(record: TradeUkmRegistered, existing: Member) -> MemberChanges:
    # The registry is the authority on name and owner; it does not overwrite what the
    # secretariat knows better: a specific category with "other", or a scale backed by figures.
    changes: MemberChanges = {"name": record.name}
    if record.owner_name:
        changes["owner_name"] = record.owner_name
    if record.category != "other" or existing.category is None:
        changes["category"] = record.category
    if record.scale is not None and existing.capital is None and existing.yearly_sales is None:
        changes["scale"] = record.scale
    return changes
