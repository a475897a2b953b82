"""Member use cases: register, read, search, change, decide on another council's change."""

import logging
from collections.abc import AsyncIterator
from typing import Any

from shared.aggregate import Forbidden
from shared.auth import Caller
from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.persistence import Document

from ..domain import Member
from ..domain.values import registration_id
from ..ports import Membership
from .councils import require_registered

log = logging.getLogger(__name__)


async def register_member(
    uow: Membership, *, caller: Caller, council: str, kind: Any, name: str, details: dict[str, Any]
) -> Member:
    """Register a person or business with a council in the caller's scope."""
    caller.require_write(council)
    await require_registered(uow, council)
    registration = {"council": council, "kind": kind, "name": name, **details}
    member = Member.register(
        council=council,
        kind=kind,
        name=name,
        now=uow.clock(),
        member_id=registration_id(registration),
        **details,
    )
    await uow.members.add(member)
    return member


async def get_member(uow: Membership, *, caller: Caller, member_id: str) -> Member:
    """One member, if within the caller's scope (404 otherwise)."""
    return caller.scoped(await uow.members.get(member_id), f"member {member_id}")


async def list_members(
    uow: Membership,
    *,
    caller: Caller,
    skip: int,
    limit: int,
    council: str | None,
    kind: MemberKind | None,
    category: CraftCategory | None,
    scale: BusinessScale | None,
    text: str | None,
) -> tuple[list[Member], int]:
    """A page of the members within the caller's scope matching `criteria`, newest first.

    A council the caller may not list is an empty page; access is checked before searching."""
    if caller.cannot_list(council):
        return [], 0
    return await uow.members.search(
        scope=council or caller.region,
        skip=skip,
        limit=limit,
        council=council if council else None,
        kind=kind,
        category=category,
        scale=scale,
        text=text,
    )


def export_members(
    uow: Membership,
    *,
    caller: Caller,
    council: str | None,
    contacts: bool,
    kind: MemberKind | None,
    category: CraftCategory | None,
    scale: BusinessScale | None,
) -> tuple[str, AsyncIterator[Document]]:
    """The scope to export (`council`, 404 outside the caller's, or the caller's own) and its
    matching members as stored, read lazily; contact data only for a secretariat or admin."""
    if council is not None:
        caller.visible(council, "council")
    if contacts and not caller.roles & {"admin", "secretariat"}:
        raise Forbidden("only a secretariat or an admin may export contact data", field="contacts")
    scope = council or caller.region
    return scope, uow.members.export(scope=scope, kind=kind, category=category, scale=scale)


async def update_member(
    uow: Membership, *, caller: Caller, member_id: str, changes: dict[str, Any]
) -> Member:
    """Apply a partial change; publishes `member.updated` when the public record changed."""
    member = await get_member(uow, caller=caller, member_id=member_id)
    caller.require_write(member.council)
    previous_nib = member.nib
    if member.update(now=uow.clock(), **changes):
        await uow.members.save(member, previous_nib=previous_nib)
    return member


async def decide_pending_change(
    uow: Membership, *, caller: Caller, member_id: str, change_id: str, accept: bool
) -> Member:
    """The home council accepts (applies) or rejects another council's pending change."""
    member = await get_member(uow, caller=caller, member_id=member_id)
    caller.require_write(member.council)
    change = member.decide(change_id, accept=accept, now=uow.clock())
    await uow.members.save(member, previous_nib=member.nib)
    log.info(
        "member %s: change %s from council %s %s by %s",
        member.id,
        change.id,
        change.council,
        "accepted" if accept else "rejected",
        caller.sub,
    )
    return member
