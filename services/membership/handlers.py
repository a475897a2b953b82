"""Use cases of the membership service: load, call the domain, save (events ride along)."""

import contextlib
from dataclasses import dataclass
from typing import Any

from shared.aggregate import Conflict, DomainError, NotFound
from shared.auth import Caller
from shared.contracts import TradeUkmRegistered
from shared.regions import covers

from .domain import Council, Member, apply_trade_registration
from .repository import Councils, Members, utc_now


@dataclass
class Membership:
    """The repositories the use cases work on, and the scope this deployment owns."""

    councils: Councils
    members: Members
    deployment_region: str


async def create_council(
    uow: Membership, *, caller: Caller, code: str, divisions: list[str]
) -> Council:
    """Admin only: a council from its code."""
    caller.require_admin()
    caller.require_write(code, field="code")
    council = Council.create(code, now=utc_now(), divisions=divisions)
    await uow.councils.add(council)
    return council


async def get_council(uow: Membership, *, caller: Caller, code: str) -> Council:
    """One council within the caller's scope."""
    caller.visible(code, "council")
    council = await uow.councils.get(code)
    if council is None:
        raise NotFound(f"council {code} not found")
    return council


async def set_divisions(
    uow: Membership, *, caller: Caller, code: str, divisions: list[str]
) -> Council:
    """Replace the divisions (bidang) of a council."""
    council = await get_council(uow, caller=caller, code=code)
    caller.require_write(code)
    if council.set_divisions(divisions):
        await uow.councils.save(council)
    return council


async def register_member(
    uow: Membership, *, caller: Caller, council: str, kind: Any, name: str, details: dict[str, Any]
) -> Member:
    """Register a person or business with a council in the caller's scope."""
    caller.require_write(council)
    if await uow.councils.get(council) is None:
        raise DomainError(f"council {council} is not registered here", field="council")
    member = Member.register(council=council, kind=kind, name=name, now=utc_now(), **details)
    await uow.members.add(member)
    return member


async def get_member(uow: Membership, *, caller: Caller, member_id: str) -> Member:
    """One member, if within the caller's scope (404 otherwise)."""
    member = await uow.members.get(member_id)
    if member is None or not caller.can_read(member.council):
        raise NotFound(f"member {member_id} not found")
    return member


async def update_member(
    uow: Membership, *, caller: Caller, member_id: str, changes: dict[str, Any]
) -> Member:
    """Apply a partial change; publishes `member.updated` when the public record changed."""
    member = await get_member(uow, caller=caller, member_id=member_id)
    caller.require_write(member.council)
    previous_nib = member.nib
    if member.update(now=utc_now(), **changes):
        await uow.members.save(member, previous_nib=previous_nib)
    return member


async def ingest_trade_registration(
    uow: Membership, *, record: TradeUkmRegistered
) -> Member | None:
    """Create or update the business a trade registry announced, if this deployment owns it."""
    if not covers(uow.deployment_region, record.council):
        return None  # another deployment's council: it will take this record
    existing = await uow.members.by_nib(record.nib)
    if existing is None and await uow.councils.get(record.council) is None:
        with contextlib.suppress(Conflict):  # created meanwhile: just as good
            await uow.councils.add(Council.create(record.council, now=utc_now()))
    previous_nib = existing.nib if existing else None
    member = apply_trade_registration(record, existing=existing, now=utc_now())
    if existing is None:
        await uow.members.add(member)
    elif member.pending or previous_nib != member.nib:
        await uow.members.save(member, previous_nib=previous_nib)
    return member
