"""Use cases that correct or withdraw enrolments and evaluations, keeping the reason."""

from datetime import date

from shared.aggregate import Conflict, DomainError
from shared.auth import Caller

from ..handlers import get_program
from ..monev.domain import Beneficiary, Evaluation, enrolment_id
from ..monev.handlers import today_in
from ..ports import Planning
from . import domain


async def get_evaluation(uow: Planning, *, caller: Caller, evaluation_id: str) -> Evaluation:
    """One evaluation, with its history, if within the caller's scope (404 otherwise)."""
    return caller.scoped(await uow.evaluations.get(evaluation_id), f"evaluation {evaluation_id}")


async def get_enrolment(
    uow: Planning, *, caller: Caller, program_id: str, member_id: str
) -> Beneficiary:
    """A business's enrolment in a program, with its history (404 when there is none)."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    found = await uow.beneficiaries.get(enrolment_id(program.id, member_id))
    return caller.scoped(found, f"enrolment of {member_id} in program {program_id}")


async def correct_evaluation(
    uow: Planning, *, caller: Caller, evaluation_id: str, changes: dict[str, object], reason: str
) -> Evaluation:
    """Correct an evaluation's fields; publishes `ukm.evaluated` again unless only notes changed."""
    evaluation = await get_evaluation(uow, caller=caller, evaluation_id=evaluation_id)
    caller.require_write(evaluation.council)
    enrolment = await uow.beneficiaries.get(
        enrolment_id(evaluation.program_id, evaluation.member_id)
    )
    if enrolment is None:
        raise DomainError("the business is not enrolled in this program", field="member_id")
    now = uow.clock()
    domain.correct_evaluation(
        evaluation,
        changes=changes,
        enrolled_on=enrolment.enrolled_on,
        today=today_in(evaluation.council, now=now),
        reason=reason,
        at=now,
        by=caller.sub,
    )
    await uow.evaluations.save(evaluation)
    return evaluation


async def withdraw_evaluation(
    uow: Planning, *, caller: Caller, evaluation_id: str, reason: str
) -> Evaluation:
    """Withdraw an evaluation: it stays, marked, and counts in no change any more."""
    evaluation = await get_evaluation(uow, caller=caller, evaluation_id=evaluation_id)
    caller.require_write(evaluation.council)
    domain.withdraw(evaluation, reason=reason, at=uow.clock(), by=caller.sub)
    await uow.evaluations.save(evaluation)
    return evaluation


async def correct_enrolment(
    uow: Planning,
    *,
    caller: Caller,
    program_id: str,
    member_id: str,
    enrolled_on: date,
    reason: str,
) -> Beneficiary:
    """Correct an enrolment's date; publishes `ukm.enrolled` again."""
    enrolment = await get_enrolment(uow, caller=caller, program_id=program_id, member_id=member_id)
    caller.require_write(enrolment.council)
    current = await _current_evaluations(uow, enrolment)
    now = uow.clock()
    domain.correct_enrolment(
        enrolment,
        enrolled_on=enrolled_on,
        first_evaluated_on=min((e.evaluated_on for e in current), default=None),
        today=today_in(enrolment.council, now=now),
        reason=reason,
        at=now,
        by=caller.sub,
    )
    await uow.beneficiaries.save(enrolment)
    return enrolment


async def withdraw_enrolment(
    uow: Planning, *, caller: Caller, program_id: str, member_id: str, reason: str
) -> Beneficiary:
    """Withdraw an enrolment that has no current evaluation; no evaluation may follow."""
    enrolment = await get_enrolment(uow, caller=caller, program_id=program_id, member_id=member_id)
    caller.require_write(enrolment.council)
    if current := await _current_evaluations(uow, enrolment):
        raise Conflict(
            f"withdraw the business's {len(current)} evaluation(s) in this program first",
            field="member_id",
        )
    domain.withdraw(enrolment, reason=reason, at=uow.clock(), by=caller.sub)
    await uow.beneficiaries.save(enrolment)
    return enrolment


async def _current_evaluations(uow: Planning, enrolment: Beneficiary) -> list[Evaluation]:
    found = await uow.evaluations.of_member(
        enrolment.member_id, scope=enrolment.council, program_id=enrolment.program_id
    )
    return [e for e in found if e.withdrawn_at is None]
