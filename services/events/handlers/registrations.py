"""Use cases of places at an event: register, cancel a registration, check in at the door."""

from datetime import datetime

from shared.auth import Caller

from ..ports import Agenda
from .checks import known_member
from .unit import Entry, change, named


async def register(uow: Agenda, *, caller: Caller, event_id: str, member_id: str) -> Entry:
    """Register a known member in scope: confirmed while places remain, else waitlisted."""
    await known_member(uow, caller, member_id, field="member_id")
    now = uow.clock()
    _, entry = await change(
        uow, caller, event_id, lambda e: e.register(member_id=member_id, now=now)
    )
    return await named(uow, entry)


async def cancel_registration(
    uow: Agenda, *, caller: Caller, event_id: str, member_id: str
) -> Entry | None:
    """Drop a registration; returns the waitlisted registration promoted, if any."""
    _, promoted = await change(
        uow, caller, event_id, lambda e: e.cancel_registration(member_id=member_id)
    )
    return None if promoted is None else await named(uow, promoted)


async def check_in(
    uow: Agenda,
    *,
    caller: Caller,
    event_id: str,
    member_id: str,
    at: datetime | None = None,
    client_id: str | None = None,
) -> Entry:
    """Check a confirmed registrant in at the door time; a repeated client id is the same one."""
    now = uow.clock()
    _, entry = await change(
        uow,
        caller,
        event_id,
        lambda e: e.check_in(member_id=member_id, now=now, at=at, client_id=client_id),
    )
    return await named(uow, entry)
