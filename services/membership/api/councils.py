"""HTTP routes of councils: parse, call one use case, answer."""

from typing import Annotated

from fastapi import Query, status

from shared.auth import CallerDep
from shared.pagination import Page, PageDep, page_of
from shared.problems import api_router

from .. import handlers
from ..deps import COUNCIL_CODE, UowDep
from ..schemas import (
    CouncilCreate,
    CouncilPublic,
    CouncilUpdate,
)

router = api_router()


@router.post("/councils", status_code=status.HTTP_201_CREATED, tags=["councils"])
async def create_council(body: CouncilCreate, caller: CallerDep, uow: UowDep) -> CouncilPublic:
    """Create a council from its Kemendagri code (admin only)."""
    council = await handlers.create_council(uow, caller=caller, code=body.code, bidang=body.bidang)
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
    """Replace a council's bidang."""
    council = await handlers.set_bidang(uow, caller=caller, code=code, bidang=body.bidang)
    return CouncilPublic.of(council)
