"""HTTP routes that correct or withdraw enrolments and evaluations; the history shows them."""

from fastapi import APIRouter

from shared.auth import CallerDep
from shared.problems import ERROR_RESPONSES

from ..deps import UowDep
from ..monev.schemas import BeneficiaryPublic, EvaluationPublic
from . import handlers
from .schemas import EnrolmentCorrection, EvaluationCorrection, Withdrawal

router = APIRouter(responses=ERROR_RESPONSES, tags=["monev"])
ENROLMENT = "/programs/{program_id}/beneficiaries/{member_id}"


@router.get("/evaluations/{evaluation_id}")
async def get_evaluation(evaluation_id: str, caller: CallerDep, uow: UowDep) -> EvaluationPublic:
    """One evaluation with its corrections and withdrawal (`history`)."""
    found = await handlers.get_evaluation(uow, caller=caller, evaluation_id=evaluation_id)
    return EvaluationPublic.of(found)


@router.post("/evaluations/{evaluation_id}/corrections")
async def correct_evaluation(
    evaluation_id: str, body: EvaluationCorrection, caller: CallerDep, uow: UowDep
) -> EvaluationPublic:
    """Correct an evaluation, with a reason kept in its history; the old values stay there.

    Publishes `ukm.evaluated` again with the same `evaluation_id` and the corrected values,
    unless only the notes changed. A withdrawn evaluation cannot be corrected (409).
    """
    evaluation = await handlers.correct_evaluation(
        uow, caller=caller, evaluation_id=evaluation_id, changes=body.changes(), reason=body.reason
    )
    return EvaluationPublic.of(evaluation)


@router.post("/evaluations/{evaluation_id}/withdraw")
async def withdraw_evaluation(
    evaluation_id: str, body: Withdrawal, caller: CallerDep, uow: UowDep
) -> EvaluationPublic:
    """Withdraw an evaluation made by mistake: it stays, marked, and counts in no change.

    No topic carries a withdrawal: an integrator keeps the last `ukm.evaluated` it read.
    """
    evaluation = await handlers.withdraw_evaluation(
        uow, caller=caller, evaluation_id=evaluation_id, reason=body.reason
    )
    return EvaluationPublic.of(evaluation)


@router.get(ENROLMENT)
async def get_enrolment(
    program_id: str, member_id: str, caller: CallerDep, uow: UowDep
) -> BeneficiaryPublic:
    """A business's enrolment in a program with its corrections and withdrawal (`history`)."""
    found = await handlers.get_enrolment(
        uow, caller=caller, program_id=program_id, member_id=member_id
    )
    return BeneficiaryPublic.of(found)


@router.post(f"{ENROLMENT}/corrections")
async def correct_enrolment(
    program_id: str, member_id: str, body: EnrolmentCorrection, caller: CallerDep, uow: UowDep
) -> BeneficiaryPublic:
    """Correct the enrolment date, with a reason kept in its history; publishes `ukm.enrolled`."""
    found = await handlers.correct_enrolment(
        uow,
        caller=caller,
        program_id=program_id,
        member_id=member_id,
        enrolled_on=body.enrolled_on,
        reason=body.reason,
    )
    return BeneficiaryPublic.of(found)


@router.post(f"{ENROLMENT}/withdraw")
async def withdraw_enrolment(
    program_id: str, member_id: str, body: Withdrawal, caller: CallerDep, uow: UowDep
) -> BeneficiaryPublic:
    """Withdraw an enrolment made by mistake, once its evaluations are withdrawn (409 before).

    The business cannot be evaluated in the program afterwards, nor enrolled again.
    """
    found = await handlers.withdraw_enrolment(
        uow, caller=caller, program_id=program_id, member_id=member_id, reason=body.reason
    )
    return BeneficiaryPublic.of(found)
