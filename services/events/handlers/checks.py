"""Checks against the read models: known members in scope, listed terms that may be inaugurated."""

from shared.aggregate import DomainError
from shared.auth import Caller

from ..ports import Agenda
from ..views import check_member, check_succession, check_terms


async def check_listed_terms(uow: Agenda, *, term_ids: list[str], scope: str) -> None:
    """Known draft terms in scope, none older than its council's inaugurated term."""
    terms = await uow.views.terms_by_id(term_ids)
    listed = check_terms(term_ids=term_ids, terms=terms, scope=scope)
    if listed:
        inaugurated = await uow.views.inaugurated_terms([t.council for t in listed])
        check_succession(term_ids=term_ids, terms=terms, inaugurated=inaugurated)


async def known_member(uow: Agenda, caller: Caller, member_id: str, *, field: str) -> None:
    """A member the read model knows, in the caller's scope; else a 422 on `field`."""
    try:
        check_member(
            member_id=member_id, member=await uow.views.member(member_id), scope=caller.region
        )
    except DomainError as exc:
        raise DomainError(exc.message, field=field) from None
