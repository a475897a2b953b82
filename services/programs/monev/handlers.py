"""Use cases of assisted businesses (UKM binaan) and their evaluations (monev)."""

from datetime import date
from zoneinfo import ZoneInfo

from shared.aggregate import NotFound
from shared.auth import Caller
from shared.clock import utc_now
from shared.regions import time_zone_of

from ..handlers import Planning, get_program
from ..repository import Beneficiaries
from . import domain
from .domain import Beneficiary, Evaluation, EvaluationProgress, Indicators


def today_in(council: str) -> date:
    """Today's date where the council is (WIB, WITA or WIT)."""
    return utc_now().astimezone(ZoneInfo(time_zone_of(council))).date()


async def enrol_business(
    uow: Planning, *, caller: Caller, program_id: str, member_id: str, enrolled_on: date | None
) -> Beneficiary:
    """Enrol a known business in a running program; publishes `ukm.enrolled`."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    caller.require_write(program.council)
    beneficiary = domain.enrol(
        program=program,
        member=await uow.members.view(member_id),
        enrolled_on=enrolled_on or today_in(program.council),
        existing=await uow.beneficiaries.get(program.id, member_id),
        beneficiary_id=Beneficiaries.id_for(program.id, member_id),
    )
    await uow.beneficiaries.add(beneficiary)  # the id makes a racing second enrolment a 409
    return beneficiary


async def record_evaluation(
    uow: Planning,
    *,
    caller: Caller,
    program_id: str,
    member_id: str,
    evaluated_on: date,
    score: int,
    indicators: Indicators,
    notes: str | None,
) -> Evaluation:
    """Evaluate an enrolled business; publishes `ukm.evaluated` (notes stay here)."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    caller.require_write(program.council)
    evaluation = domain.evaluate(
        beneficiary=await uow.beneficiaries.get(program.id, member_id),
        evaluated_on=evaluated_on,
        score=score,
        indicators=indicators,
        notes=notes,
        at=utc_now(),
        today=today_in(program.council),
    )
    await uow.evaluations.add(evaluation)
    return evaluation


async def program_beneficiaries(
    uow: Planning, *, caller: Caller, program_id: str, skip: int, limit: int
) -> tuple[list[Beneficiary], int]:
    """A program's assisted businesses, to callers within its council's scope."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    return await uow.beneficiaries.of_program(program.id, skip=skip, limit=limit)


async def program_evaluations(
    uow: Planning, *, caller: Caller, program_id: str, skip: int, limit: int
) -> tuple[list[Evaluation], int]:
    """A program's evaluations, latest visit first, to callers within its council's scope."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    return await uow.evaluations.of_program(program.id, skip=skip, limit=limit)


async def member_names(uow: Planning, member_ids: list[str]) -> dict[str, str]:
    """The names of these members, as their topics told programs."""
    return await uow.members.names(member_ids)


async def member_evaluations(
    uow: Planning, *, caller: Caller, member_id: str, program_id: str | None = None
) -> EvaluationProgress:
    """A business's evaluations by programs in the caller's scope, oldest first, with change."""
    evaluations = await uow.evaluations.of_member(
        member_id, scope=caller.region, program_id=program_id
    )
    if not evaluations:
        member = await uow.members.view(member_id)
        if member is None or not caller.can_read(member.council):
            raise NotFound(f"member {member_id} not found")
    return domain.progress(evaluations)
