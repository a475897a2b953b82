"""HTTP routes of the membership service: parse, call one use case, answer."""

from typing import Annotated

from fastapi import Depends, Query, status

from shared.auth import CallerDep
from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.pagination import Page, PageDep, page_of
from shared.problems import api_router, unit_of_work

from . import exports, handlers, printing
from .domain.terms import TermStatus
from .ports import Membership
from .schemas import (
    CouncilCreate,
    CouncilPublic,
    CouncilUpdate,
    InaugurationRecord,
    MemberCreate,
    MemberPublic,
    MemberUpdate,
    PositionsReplace,
    TermCreate,
    TermPublic,
)

UowDep = Annotated[Membership, Depends(unit_of_work)]
COUNCIL_CODE = r"^(ID|\d{2}(\.\d{2})?)$"
router = api_router()
router.include_router(exports.router)  # before /members/{member_id}, which would take "export"
router.include_router(printing.router)


@router.post("/councils", status_code=status.HTTP_201_CREATED, tags=["councils"])
async def create_council(body: CouncilCreate, caller: CallerDep, uow: UowDep) -> CouncilPublic:
    """Create a council from its Kemendagri code (admin only)."""
    council = await handlers.create_council(
        uow, caller=caller, code=body.code, divisions=body.divisions
    )
    return CouncilPublic.of(council)


@router.get("/councils", tags=["councils"])
async def list_councils(
    caller: CallerDep,
    uow: UowDep,
    page: PageDep,
    parent: Annotated[
        str | None,
        Query(pattern=COUNCIL_CODE, description="Only the councils directly below this code"),
    ] = None,
) -> Page[CouncilPublic]:
    """The councils within the caller's scope; with `parent`, only those directly below it."""
    councils, total = await handlers.list_councils(
        uow, caller=caller, skip=page.skip, limit=page.size, parent=parent
    )
    return page_of(page, [CouncilPublic.of(c) for c in councils], total)


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


@router.post("/terms", status_code=status.HTTP_201_CREATED, tags=["terms"])
async def draft_term(body: TermCreate, caller: CallerDep, uow: UowDep) -> TermPublic:
    """Draft a board term (kepengurusan); publishes `term.created`. Overlapping periods: 409."""
    term = await handlers.draft_term(
        uow,
        caller=caller,
        council=body.council,
        period_start=body.period_start,
        period_end=body.period_end,
        decree_number=body.decree_number,
        positions=[p.seat() for p in body.positions],
    )
    return TermPublic.of(term)


@router.get("/terms", tags=["terms"])
async def list_terms(
    caller: CallerDep,
    uow: UowDep,
    page: PageDep,
    council: Annotated[str | None, Query(max_length=20, description="Council code")] = None,
    term_status: Annotated[TermStatus | None, Query(alias="status")] = None,
) -> Page[TermPublic]:
    """The history of boards within the caller's scope, newest period first."""
    terms, total = await handlers.list_terms(
        uow, caller=caller, skip=page.skip, limit=page.size, council=council, status=term_status
    )
    return page_of(page, [TermPublic.of(t) for t in terms], total)


@router.get("/terms/{term_id}", tags=["terms"])
async def get_term(term_id: str, caller: CallerDep, uow: UowDep) -> TermPublic:
    """One term with its board."""
    return TermPublic.of(await handlers.get_term(uow, caller=caller, term_id=term_id))


@router.put("/terms/{term_id}/positions", tags=["terms"])
async def replace_positions(
    term_id: str, body: PositionsReplace, caller: CallerDep, uow: UowDep
) -> TermPublic:
    """Replace the whole board; each seat is held by a different person of the term's council."""
    term = await handlers.seat_board(
        uow, caller=caller, term_id=term_id, positions=[p.seat() for p in body.positions]
    )
    return TermPublic.of(term)


@router.post("/terms/{term_id}/inaugurate", tags=["terms"])
async def inaugurate_term(
    term_id: str, caller: CallerDep, uow: UowDep, body: InaugurationRecord | None = None
) -> TermPublic:
    """Inaugurate (pengukuhan) and end the council's previous term; twice changes nothing."""
    at = body.inaugurated_at if body else None
    term = await handlers.inaugurate_term(uow, caller=caller, term_id=term_id, at=at)
    return TermPublic.of(term)
