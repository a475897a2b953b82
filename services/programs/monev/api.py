"""HTTP routes of assisted businesses (UKM binaan) and evaluations (monev)."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from shared.auth import CallerDep
from shared.pagination import Page, PageDep, page_of
from shared.problems import ERROR_RESPONSES

from ..deps import UowDep
from . import handlers
from .schemas import (
    BeneficiaryCreate,
    BeneficiaryPublic,
    EvaluationCreate,
    EvaluationHistory,
    EvaluationPublic,
)

router = APIRouter(responses=ERROR_RESPONSES, tags=["monev"])


@router.post("/programs/{program_id}/beneficiaries", status_code=status.HTTP_201_CREATED)
async def enrol_business(
    program_id: str, body: BeneficiaryCreate, caller: CallerDep, uow: UowDep
) -> BeneficiaryPublic:
    """Enrol a business as assisted business of a running program; publishes `ukm.enrolled`."""
    found = await handlers.enrol_business(
        uow,
        caller=caller,
        program_id=program_id,
        member_id=body.member_id,
        enrolled_on=body.enrolled_on,
    )
    return BeneficiaryPublic.of(found.record, member_name=found.member_name)


@router.get("/programs/{program_id}/beneficiaries")
async def list_beneficiaries(
    program_id: str, caller: CallerDep, uow: UowDep, page: PageDep
) -> Page[BeneficiaryPublic]:
    """A program's assisted businesses (UKM binaan) with their names, in enrolment order."""
    found, total = await handlers.program_beneficiaries(
        uow, caller=caller, program_id=program_id, skip=page.skip, limit=page.size
    )
    items = [BeneficiaryPublic.of(b.record, member_name=b.member_name) for b in found]
    return page_of(page, items, total)


@router.get("/programs/{program_id}/evaluations")
async def list_program_evaluations(
    program_id: str, caller: CallerDep, uow: UowDep, page: PageDep
) -> Page[EvaluationPublic]:
    """A program's monev evaluations with the businesses' names, the latest visit first."""
    found, total = await handlers.program_evaluations(
        uow, caller=caller, program_id=program_id, skip=page.skip, limit=page.size
    )
    items = [EvaluationPublic.of(e.record, member_name=e.member_name) for e in found]
    return page_of(page, items, total)


@router.post("/evaluations", status_code=status.HTTP_201_CREATED)
async def record_evaluation(
    body: EvaluationCreate, caller: CallerDep, uow: UowDep
) -> EvaluationPublic:
    """Record a monev evaluation of an enrolled business; publishes `ukm.evaluated`."""
    found = await handlers.record_evaluation(
        uow,
        caller=caller,
        program_id=body.program_id,
        member_id=body.member_id,
        evaluated_on=body.evaluated_on,
        score=body.score,
        indicators=body.indicators.to_domain(),
        notes=body.notes,
    )
    return EvaluationPublic.of(found.record, member_name=found.member_name)


@router.get("/members/{member_id}/evaluations")
async def member_evaluations(
    member_id: str,
    caller: CallerDep,
    uow: UowDep,
    program_id: Annotated[
        str | None, Query(max_length=100, description="Only this program's")
    ] = None,
) -> EvaluationHistory:
    """A business's evaluations over time, oldest first, with the change in its indicators."""
    found = await handlers.member_evaluations(
        uow, caller=caller, member_id=member_id, program_id=program_id
    )
    return EvaluationHistory.of(member_id, found.record, member_name=found.member_name)
