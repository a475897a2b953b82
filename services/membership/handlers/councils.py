"""Council use cases: create, read, list, set the bidang."""

from shared.aggregate import DomainError, NotFound
from shared.auth import Caller

from ..domain import Council
from ..ports import Membership


async def create_council(
    uow: Membership, *, caller: Caller, code: str, bidang: list[str]
) -> Council:
    """Admin only: a council from its code."""
    caller.require_admin()
    caller.require_write(code, field="code")
    council = Council.create(code, now=uow.clock(), bidang=bidang)
    await uow.councils.add(council)
    return council


async def get_council(uow: Membership, *, caller: Caller, code: str) -> Council:
    """One council within the caller's scope."""
    caller.visible(code, "council")
    council = await uow.councils.get(code)
    if council is None:
        raise NotFound(f"council {code} not found")
    return council


async def list_councils(
    uow: Membership, *, caller: Caller, skip: int, limit: int, parent: str | None
) -> tuple[list[Council], int]:
    """A page of the councils within the caller's scope (only those below `parent`, if given)."""
    return await uow.councils.within(scope=caller.region, skip=skip, limit=limit, parent=parent)


async def set_bidang(uow: Membership, *, caller: Caller, code: str, bidang: list[str]) -> Council:
    """Replace the bidang of a council."""
    council = await get_council(uow, caller=caller, code=code)
    caller.require_write(code)
    if council.set_bidang(bidang):
        await uow.councils.save(council)
    return council


async def require_registered(uow: Membership, code: str) -> None:
    """Nothing if the council is kept here, else a 422 naming the field `council`."""
    if not await uow.councils.registered(code):
        raise DomainError(f"council {code} is not registered here", field="council")


async def registered_council(uow: Membership, code: str) -> Council:
    """A council kept here, or a 422 naming the field `council`."""
    council = await uow.councils.get(code)
    if council is None:
        raise DomainError(f"council {code} is not registered here", field="council")
    return council
