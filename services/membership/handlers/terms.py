"""Board term use cases: draft, read, list, seat the board."""

from collections.abc import Sequence
from datetime import date

from shared.auth import Caller

from ..domain import BoardPosition, Member, Term, TermStatus, assert_no_overlap
from ..ports import Membership
from .councils import registered_council


async def draft_term(
    uow: Membership,
    *,
    caller: Caller,
    council: str,
    period_start: date,
    period_end: date,
    decree_number: str | None,
    positions: Sequence[BoardPosition],
) -> Term:
    """A draft term of a council in scope, optionally seated; publishes `term.created`."""
    caller.require_write(council)
    home = await registered_council(uow, council)
    term = Term.draft(
        council=council,
        period_start=period_start,
        period_end=period_end,
        decree_number=decree_number,
        now=uow.clock(),
    )
    assert_no_overlap(term, await uow.terms.of_council(council))
    if positions:
        members = await _visible_members(uow, caller, positions)
        term.replace_positions(positions, members, bidang=home.bidang or None)
    await uow.terms.add(term)
    return term


async def get_term(uow: Membership, *, caller: Caller, term_id: str) -> Term:
    """One term, if within the caller's scope (404 otherwise)."""
    return caller.scoped(await uow.terms.get(term_id), f"term {term_id}")


async def list_terms(
    uow: Membership,
    *,
    caller: Caller,
    skip: int,
    limit: int,
    council: str | None,
    status: TermStatus | None,
) -> tuple[list[Term], int]:
    """A page of the terms within the caller's scope, newest period first."""
    if caller.cannot_list(council):
        return [], 0
    return await uow.terms.history(
        scope=caller.region, skip=skip, limit=limit, council=council, status=status
    )


async def seat_board(
    uow: Membership, *, caller: Caller, term_id: str, positions: Sequence[BoardPosition]
) -> Term:
    """Replace the board of a draft or inaugurated term with persons of its council."""
    term = await get_term(uow, caller=caller, term_id=term_id)
    caller.require_write(term.council)
    home = await registered_council(uow, term.council)
    members = await _visible_members(uow, caller, positions)
    if term.replace_positions(positions, members, bidang=home.bidang or None):
        await uow.terms.save(term)
    return term


async def _visible_members(
    uow: Membership, caller: Caller, positions: Sequence[BoardPosition]
) -> dict[str, Member]:
    # A member outside the caller's scope does not exist for it, not even in an error message.
    found = await uow.members.by_ids(sorted({p.member_id for p in positions}))
    return {key: m for key, m in found.items() if caller.can_read(m.council)}
