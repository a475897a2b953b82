"""Intake from trade systems: a `trade.ukm.registered` record becomes or updates a business.

A record whose council is not the business's home council changes nothing by itself: it is
kept on the business as a pending change that the home council's secretariat accepts or
rejects (`POST /members/{id}/pending-changes/{change_id}/accept|reject`).
"""

import copy
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from shared.aggregate import DomainError
from shared.clock import as_utc
from shared.contracts.events import TradeUkmRegistered

from . import values
from .details import MemberChanges, PendingChange
from .members import Member


@dataclass(frozen=True)
class Sender:
    """Who sent a record: its CloudEvents id and source."""

    ce_id: str | None = None
    source: str | None = None


def apply_trade_registration(
    record: TradeUkmRegistered,
    *,
    existing: Member | None,
    now: datetime,
    member_id: str | None = None,
    sender: Sender | None = None,
) -> Member:
    """The business a trade-registry record describes: registered anew, `existing` updated,
    or, for a record of another council, `existing` with a pending change."""
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
    changes = _registry_changes(record, existing)
    if record.council == existing.council:
        existing.update(now=now, **changes)
        return existing
    effective = _effective(existing, changes, now=now)
    if effective:
        sent = sender or Sender()
        change = PendingChange(
            id=uuid4().hex,
            council=record.council,
            changes=dict(effective),
            ce_id=sent.ce_id,
            source=sent.source,
            received_at=as_utc(now, field="now"),
        )
        existing.propose(change)
    return existing


def _effective(existing: Member, changes: MemberChanges, *, now: datetime) -> MemberChanges:
    """The changes that would alter the member, as it would store them."""
    probe = copy.deepcopy(existing)
    probe.update(now=now, **changes)
    effective: MemberChanges = {}
    for name in changes:
        if getattr(probe, name) != getattr(existing, name):
            effective[name] = getattr(probe, name)  # type: ignore[literal-required]
    return effective


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
