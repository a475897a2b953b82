"""HTTP routes of members and their pending changes: parse, call one use case, answer."""

from typing import Annotated

from fastapi import Query, status

from shared.auth import CallerDep
from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.pagination import Page, PageDep, page_of
from shared.problems import api_router

from .. import handlers
from ..deps import UowDep
from ..schemas import (
    MemberCreate,
    MemberPublic,
    MemberUpdate,
)

router = api_router()


@router.post("/members", status_code=status.HTTP_201_CREATED, tags=["members"])
async def register_member(body: MemberCreate, caller: CallerDep, uow: UowDep) -> MemberPublic:
    """Register a person or a business; publishes `member.registered`."""
    details = body.model_dump(exclude={"council", "kind", "name"}, exclude_none=True)
    member = await handlers.register_member(
        uow, caller=caller, council=body.council, kind=body.kind, name=body.name, details=details
    )
    return MemberPublic.of(member)


@router.get("/members", tags=["members"])
async def list_members(
    caller: CallerDep,
    uow: UowDep,
    page: PageDep,
    council: Annotated[str | None, Query(max_length=20, description="Council code")] = None,
    kind: MemberKind | None = None,
    category: CraftCategory | None = None,
    scale: BusinessScale | None = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Text in name/owner/NIB (any case, accents)")
    ] = None,
) -> Page[MemberPublic]:
    """Search members within the caller's scope, newest first."""
    members, total = await handlers.list_members(
        uow,
        caller=caller,
        skip=page.skip,
        limit=page.size,
        council=council,
        kind=kind,
        category=category,
        scale=scale,
        text=q,
    )
    return page_of(page, [MemberPublic.of(m) for m in members], total)


@router.get("/members/{member_id}", tags=["members"])
async def get_member(member_id: str, caller: CallerDep, uow: UowDep) -> MemberPublic:
    """One member, with contact data, to callers within its council's scope."""
    return MemberPublic.of(await handlers.get_member(uow, caller=caller, member_id=member_id))


@router.patch("/members/{member_id}", tags=["members"])
async def update_member(
    member_id: str, body: MemberUpdate, caller: CallerDep, uow: UowDep
) -> MemberPublic:
    """Change some fields; publishes `member.updated` when the public record changed."""
    changes = body.model_dump(exclude_unset=True)
    member = await handlers.update_member(uow, caller=caller, member_id=member_id, changes=changes)
    return MemberPublic.of(member)


@router.post("/members/{member_id}/pending-changes/{change_id}/accept", tags=["members"])
async def accept_pending_change(
    member_id: str, change_id: str, caller: CallerDep, uow: UowDep
) -> MemberPublic:
    """Apply another council's registry change (home council); may publish `member.updated`."""
    member = await handlers.decide_pending_change(
        uow, caller=caller, member_id=member_id, change_id=change_id, accept=True
    )
    return MemberPublic.of(member)


@router.post("/members/{member_id}/pending-changes/{change_id}/reject", tags=["members"])
async def reject_pending_change(
    member_id: str, change_id: str, caller: CallerDep, uow: UowDep
) -> MemberPublic:
    """Drop another council's registry change (home council); the member stays as it is."""
    member = await handlers.decide_pending_change(
        uow, caller=caller, member_id=member_id, change_id=change_id, accept=False
    )
    return MemberPublic.of(member)
