"""HTTP routes of board terms and their inauguration: parse, call one use case, answer."""

from typing import Annotated

from fastapi import Query, status

from shared.auth import CallerDep
from shared.pagination import Page, PageDep, page_of
from shared.problems import api_router

from .. import handlers
from ..deps import UowDep
from ..domain.terms import TermStatus
from ..schemas import (
    InaugurationRecord,
    PositionsReplace,
    TermCreate,
    TermPublic,
)

router = api_router()


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
