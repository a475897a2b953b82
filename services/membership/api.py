"""HTTP routes of the membership service: parse, call one use case, answer."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from shared.auth import CallerDep
from shared.contracts.events import CraftCategory, MemberKind
from shared.pagination import Page, PageDep

from . import handlers
from .handlers import Membership
from .schemas import (
    CouncilCreate,
    CouncilPublic,
    CouncilUpdate,
    MemberCreate,
    MemberPublic,
    MemberUpdate,
)

ERRORS = {
    401: {"description": "No valid token"},
    403: {"description": "Outside the scope"},
    404: {"description": "Not found"},
    409: {"description": "Conflict"},
    422: {"description": "Invalid field"},
}


def _uow(request: Request) -> Membership:
    uow: Membership = request.app.state.uow
    return uow


UowDep = Annotated[Membership, Depends(_uow)]
router = APIRouter(responses=ERRORS)  # type: ignore[arg-type]


@router.post("/councils", status_code=status.HTTP_201_CREATED, tags=["councils"])
async def create_council(body: CouncilCreate, caller: CallerDep, uow: UowDep) -> CouncilPublic:
    """Create a council from its Kemendagri code (admin only)."""
    council = await handlers.create_council(
        uow, caller=caller, code=body.code, divisions=body.divisions
    )
    return CouncilPublic.of(council)


@router.get("/councils", tags=["councils"])
async def list_councils(caller: CallerDep, uow: UowDep, page: PageDep) -> Page[CouncilPublic]:
    """The councils within the caller's scope."""
    councils, total = await uow.councils.list(scope=caller.region, skip=page.skip, limit=page.size)
    return Page(
        items=[CouncilPublic.of(c) for c in councils], page=page.page, size=page.size, total=total
    )


@router.get("/councils/{code}", tags=["councils"])
async def get_council(code: str, caller: CallerDep, uow: UowDep) -> CouncilPublic:
    """One council."""
    return CouncilPublic.of(await handlers.get_council(uow, caller=caller, code=code))


@router.patch("/councils/{code}", tags=["councils"])
async def update_council(
    code: str, body: CouncilUpdate, caller: CallerDep, uow: UowDep
) -> CouncilPublic:
    """Replace a council's divisions (bidang)."""
    council = await handlers.set_divisions(uow, caller=caller, code=code, divisions=body.divisions)
    return CouncilPublic.of(council)


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
    council: Annotated[str | None, Query(description="Council code")] = None,
    kind: MemberKind | None = None,
    category: CraftCategory | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Text in name/owner/NIB")] = None,
) -> Page[MemberPublic]:
    """Search members within the caller's scope, newest first."""
    scope = council if council and caller.can_read(council) else caller.region
    members, total = await uow.members.search(
        scope=scope,
        skip=page.skip,
        limit=page.size,
        kind=kind,
        category=category,
        text=q,
        council=council if council else None,
    )
    if council and not caller.can_read(council):
        members, total = [], 0
    return Page(
        items=[MemberPublic.of(m) for m in members], page=page.page, size=page.size, total=total
    )


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
