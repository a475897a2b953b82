"""Use cases of assisted businesses (UKM binaan) and their evaluations (monev)."""

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from shared.aggregate import NotFound
from shared.auth import Caller
from shared.exports import BATCH
from shared.persistence import Document
from shared.regions import time_zone_of

from ..domain import Program
from ..handlers import get_program
from ..ports import Planning
from . import domain
from .domain import Beneficiary, Evaluation, EvaluationProgress, Indicators

T = TypeVar("T")


@dataclass(frozen=True)
class Named(Generic[T]):
    """A record with the name of its business, as the member topics told programs."""

    record: T
    member_name: str | None


def today_in(council: str, *, now: datetime) -> date:
    """The date at the council (WIB, WITA or WIT) at the instant `now`."""
    return now.astimezone(ZoneInfo(time_zone_of(council))).date()


async def _named(uow: Planning, records: Sequence[T], member_ids: list[str]) -> list[Named[T]]:
    names = await uow.members.names(sorted(set(member_ids)))
    return [Named(r, names.get(m)) for r, m in zip(records, member_ids, strict=True)]


async def enrol_business(
    uow: Planning, *, caller: Caller, program_id: str, member_id: str, enrolled_on: date | None
) -> Named[Beneficiary]:
    """Enrol a known business in a running program; publishes `ukm.enrolled`."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    caller.require_write(program.council)
    member = await uow.members.view(member_id)
    beneficiary = domain.enrol(
        program=program,
        member=member,
        enrolled_on=enrolled_on or today_in(program.council, now=uow.clock()),
        existing=await uow.beneficiaries.get(domain.enrolment_id(program.id, member_id)),
        beneficiary_id=domain.enrolment_id(program.id, member_id),
    )
    await uow.beneficiaries.add(beneficiary)  # the id makes a racing second enrolment a 409
    return Named(beneficiary, member.name if member else None)


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
) -> Named[Evaluation]:
    """Evaluate an enrolled business; publishes `ukm.evaluated` (notes stay here)."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    caller.require_write(program.council)
    now = uow.clock()
    evaluation = domain.evaluate(
        beneficiary=await uow.beneficiaries.get(domain.enrolment_id(program.id, member_id)),
        evaluated_on=evaluated_on,
        score=score,
        indicators=indicators,
        notes=notes,
        at=now,
        today=today_in(program.council, now=now),
    )
    await uow.evaluations.add(evaluation)
    return (await _named(uow, [evaluation], [evaluation.member_id]))[0]


async def program_beneficiaries(
    uow: Planning, *, caller: Caller, program_id: str, skip: int, limit: int
) -> tuple[list[Named[Beneficiary]], int]:
    """A program's assisted businesses with their names, to callers within its scope."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    found, total = await uow.beneficiaries.of_program(program.id, skip=skip, limit=limit)
    return await _named(uow, found, [b.member_id for b in found]), total


async def program_evaluations(
    uow: Planning, *, caller: Caller, program_id: str, skip: int, limit: int
) -> tuple[list[Named[Evaluation]], int]:
    """A program's evaluations with names, latest visit first, to callers within its scope."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    found, total = await uow.evaluations.of_program(program.id, skip=skip, limit=limit)
    return await _named(uow, found, [e.member_id for e in found]), total


async def member_evaluations(
    uow: Planning, *, caller: Caller, member_id: str, program_id: str | None = None
) -> Named[EvaluationProgress]:
    """A business's evaluations by programs in the caller's scope, oldest first, with change."""
    evaluations = await uow.evaluations.of_member(
        member_id, scope=caller.region, program_id=program_id
    )
    if not evaluations:
        member = await uow.members.view(member_id)
        if member is None or not caller.can_read(member.council):
            raise NotFound(f"member {member_id} not found")
    return (await _named(uow, [domain.progress(evaluations)], [member_id]))[0]


async def monev_export(
    uow: Planning, *, caller: Caller, program_id: str
) -> tuple[Program, AsyncIterator[Named[Document]]]:
    """A program in the caller's scope and its stored evaluations by id, named a batch at a time."""
    program = await get_program(uow, caller=caller, program_id=program_id)

    async def rows() -> AsyncIterator[Named[Document]]:
        batch: list[Document] = []
        async for doc in uow.evaluations.export(program.id):
            batch.append(doc)
            if len(batch) == BATCH:
                for row in await _named(uow, batch, [d["member_id"] for d in batch]):
                    yield row
                batch = []
        for row in await _named(uow, batch, [d["member_id"] for d in batch]):
            yield row

    return program, rows()
