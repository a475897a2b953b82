"""Use cases of work programs: load, call the domain, save (events ride along)."""

import logging
from collections.abc import Callable, Mapping
from typing import Any

from shared.aggregate import DomainError
from shared.auth import Caller
from shared.contracts import EventConcluded
from shared.messaging import PermanentError
from shared.regions import covers, is_known

from . import domain
from .domain import Program
from .ports import Planning, ProgramQuery

log = logging.getLogger(__name__)
COUNTED_TYPES = ("training", "exhibition")


async def create_program(
    uow: Planning, *, caller: Caller, council: str, term_id: str, plan: dict[str, Any]
) -> Program:
    """A draft program of a council in the caller's scope, under one of its terms."""
    caller.require_write(council)
    if not is_known(council):
        raise DomainError(f"unknown council code {council}", field="council")
    if not covers(uow.deployment_region, council):
        raise DomainError(f"council {council} is kept by another deployment", field="council")
    term = await uow.terms.view(term_id)
    if term is not None and term.council != council:
        raise DomainError(f"term {term_id} belongs to council {term.council}", field="term_id")
    program = domain.create_program(council=council, term_id=term_id, at=uow.clock(), **plan)
    program.check_within(term)
    await uow.programs.add(program)
    return program


async def list_programs(
    uow: Planning, *, caller: Caller, query: ProgramQuery, skip: int, limit: int
) -> tuple[list[Program], int]:
    """Programs within the caller's scope matching the query; a council it cannot read: none."""
    if caller.cannot_list(query.council):
        return [], 0
    return await uow.programs.search(query, skip=skip, limit=limit)


async def get_program(uow: Planning, *, caller: Caller, program_id: str) -> Program:
    """One program, if within the caller's scope (404 otherwise)."""
    return caller.scoped(await uow.programs.get(program_id), f"program {program_id}")


async def _change(
    uow: Planning, caller: Caller, program_id: str, change: Callable[[Program], object]
) -> Program:
    """Apply one domain change to a program the caller may write, and save it."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    caller.require_write(program.council)
    change(program)
    await uow.programs.save(program)
    return program


async def edit_program(
    uow: Planning, *, caller: Caller, program_id: str, changes: dict[str, Any]
) -> Program:
    """Change a draft's plan; its dates must stay within its term's period, when known."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    caller.require_write(program.council)
    program.edit(**changes, at=uow.clock())
    program.check_within(await uow.terms.view(program.term_id))
    await uow.programs.save(program)
    return program


async def approve_program(uow: Planning, *, caller: Caller, program_id: str) -> Program:
    """Approve a draft under its inaugurated term; publishes `program.approved`."""
    program = await get_program(uow, caller=caller, program_id=program_id)
    caller.require_write(program.council)
    program.approve(term=await uow.terms.view(program.term_id), at=uow.clock())
    await uow.programs.save(program)
    return program


async def start_program(uow: Planning, *, caller: Caller, program_id: str) -> Program:
    """Mark an approved program as under way."""
    at = uow.clock()
    return await _change(uow, caller, program_id, lambda p: p.start(at=at))


async def complete_program(
    uow: Planning, *, caller: Caller, program_id: str, final_actuals: Mapping[str, float]
) -> Program:
    """Close a running program with its final actuals; publishes `program.completed`."""
    at = uow.clock()
    return await _change(
        uow, caller, program_id, lambda p: p.complete(at=at, final_actuals=final_actuals)
    )


async def cancel_program(
    uow: Planning, *, caller: Caller, program_id: str, reason: str | None
) -> Program:
    """Cancel a program that has not been completed."""
    at = uow.clock()
    return await _change(uow, caller, program_id, lambda p: p.cancel(at=at, reason=reason))


async def record_progress(
    uow: Planning,
    *,
    caller: Caller,
    program_id: str,
    key: str,
    amount: float | None,
    actual: float | None,
) -> Program:
    """Add to a running program's KPI actual, or set it; the change joins the KPI's history."""
    at = uow.clock()
    return await _change(
        uow,
        caller,
        program_id,
        lambda p: domain.record_progress(p, key=key, at=at, amount=amount, actual=actual),
    )


async def count_attendance(uow: Planning, *, concluded: EventConcluded) -> bool:
    """Add a concluded training's or exhibition's attendance to its program, once per event.

    A save that lost a race raises `StaleRevision`, and the consumer runs this again.
    """
    if concluded.type not in COUNTED_TYPES or concluded.program_id is None:
        return False
    if not covers(uow.deployment_region, concluded.council):
        return False  # another deployment keeps this council's programs
    program = await uow.programs.get(concluded.program_id)
    if program is None:
        log.info("event %s names unknown program; skipped", concluded.event_id)
        return False
    if program.council != concluded.council:
        raise PermanentError(f"program {program.id} belongs to council {program.council}")
    counted = domain.count_attendance(
        program, event_id=concluded.event_id, attendance=concluded.attendance, at=uow.clock()
    )
    if counted:  # False: counted before, or the program no longer runs
        await uow.programs.save(program)
    return counted
