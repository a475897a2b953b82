"""Use cases of the membership service: load, call the domain, save (events ride along)."""

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from shared.aggregate import Conflict, DomainError, NotFound, StaleRevision
from shared.auth import Caller
from shared.contracts import EventConcluded, TradeUkmRegistered
from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.regions import covers

from .domain import (
    BoardPosition,
    Council,
    Member,
    Term,
    TermStatus,
    apply_trade_registration,
    assert_no_overlap,
    inaugurated_term,
)
from .domain.intake import Sender
from .domain.values import registration_id
from .ports import Membership as Membership  # the unit of work the entry points pass

log = logging.getLogger(__name__)
CLOCK_SKEW = timedelta(minutes=5)


async def create_council(
    uow: Membership, *, caller: Caller, code: str, divisions: list[str]
) -> Council:
    """Admin only: a council from its code."""
    caller.require_admin()
    caller.require_write(code, field="code")
    council = Council.create(code, now=uow.clock(), divisions=divisions)
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


async def set_divisions(
    uow: Membership, *, caller: Caller, code: str, divisions: list[str]
) -> Council:
    """Replace the divisions (bidang) of a council."""
    council = await get_council(uow, caller=caller, code=code)
    caller.require_write(code)
    if council.set_divisions(divisions):
        await uow.councils.save(council)
    return council


async def _registered_council(uow: Membership, code: str) -> Council:
    council = await uow.councils.get(code)
    if council is None:
        raise DomainError(f"council {code} is not registered here", field="council")
    return council


async def register_member(
    uow: Membership, *, caller: Caller, council: str, kind: Any, name: str, details: dict[str, Any]
) -> Member:
    """Register a person or business with a council in the caller's scope."""
    caller.require_write(council)
    await _registered_council(uow, council)
    registration = {"council": council, "kind": kind, "name": name, **details}
    member = Member.register(
        council=council,
        kind=kind,
        name=name,
        now=uow.clock(),
        member_id=registration_id(registration),
        **details,
    )
    await uow.members.add(member)
    return member


async def get_member(uow: Membership, *, caller: Caller, member_id: str) -> Member:
    """One member, if within the caller's scope (404 otherwise)."""
    return caller.scoped(await uow.members.get(member_id), f"member {member_id}")


async def list_members(
    uow: Membership,
    *,
    caller: Caller,
    skip: int,
    limit: int,
    council: str | None,
    kind: MemberKind | None,
    category: CraftCategory | None,
    scale: BusinessScale | None,
    text: str | None,
) -> tuple[list[Member], int]:
    """A page of the members within the caller's scope matching `criteria`, newest first.

    A council the caller may not list is an empty page; access is checked before searching."""
    if caller.cannot_list(council):
        return [], 0
    return await uow.members.search(
        scope=council or caller.region,
        skip=skip,
        limit=limit,
        council=council if council else None,
        kind=kind,
        category=category,
        scale=scale,
        text=text,
    )


async def update_member(
    uow: Membership, *, caller: Caller, member_id: str, changes: dict[str, Any]
) -> Member:
    """Apply a partial change; publishes `member.updated` when the public record changed."""
    member = await get_member(uow, caller=caller, member_id=member_id)
    caller.require_write(member.council)
    previous_nib = member.nib
    if member.update(now=uow.clock(), **changes):
        await uow.members.save(member, previous_nib=previous_nib)
    return member


async def ingest_trade_registration(
    uow: Membership, *, record: TradeUkmRegistered, sender: Sender | None = None
) -> Member | None:
    """Create or update the business a trade registry announced, if this deployment owns it.

    A council this deployment does not keep is refused as over HTTP (dead letter); a record
    of another council than the business's home stays a pending change (see `intake`)."""
    if not covers(uow.deployment_region, record.council):
        return None  # another deployment's council: it will take this record
    await _registered_council(uow, record.council)
    existing = await uow.members.by_nib(record.nib)
    previous_nib = existing.nib if existing else None
    proposed = list(existing.pending_changes) if existing else []
    member = apply_trade_registration(
        record,
        existing=existing,
        now=uow.clock(),
        member_id=registration_id(record.model_dump(mode="json")),
        sender=sender,
    )
    if existing is None:
        try:
            await uow.members.add(member)
        except Conflict as exc:  # another replica is registering this NIB right now
            raise StaleRevision(f"NIB {record.nib} is being registered; retry") from exc
    elif member.pending or previous_nib != member.nib or member.pending_changes != proposed:
        await uow.members.save(member, previous_nib=previous_nib)
    return member


async def decide_pending_change(
    uow: Membership, *, caller: Caller, member_id: str, change_id: str, accept: bool
) -> Member:
    """The home council accepts (applies) or rejects another council's pending change."""
    member = await get_member(uow, caller=caller, member_id=member_id)
    caller.require_write(member.council)
    change = member.decide(change_id, accept=accept, now=uow.clock())
    await uow.members.save(member, previous_nib=member.nib)
    log.info(
        "member %s: change %s from council %s %s by %s",
        member.id,
        change.id,
        change.council,
        "accepted" if accept else "rejected",
        caller.sub,
    )
    return member


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
    home = await _registered_council(uow, council)
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
        term.replace_positions(positions, members, divisions=home.divisions or None)
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
    home = await _registered_council(uow, term.council)
    members = await _visible_members(uow, caller, positions)
    if term.replace_positions(positions, members, divisions=home.divisions or None):
        await uow.terms.save(term)
    return term


async def _visible_members(
    uow: Membership, caller: Caller, positions: Sequence[BoardPosition]
) -> dict[str, Member]:
    # A member outside the caller's scope does not exist for it, not even in an error message.
    found = await uow.members.by_ids(sorted({p.member_id for p in positions}))
    return {key: m for key, m in found.items() if caller.can_read(m.council)}


async def inaugurate_term(
    uow: Membership, *, caller: Caller, term_id: str, at: datetime | None
) -> Term:
    """Inaugurate a term directly (no agenda event); a past moment records what happened."""
    term = await get_term(uow, caller=caller, term_id=term_id)
    caller.require_write(term.council)
    now = uow.clock()
    if at is not None and at > now + CLOCK_SKEW:
        raise DomainError(
            "lies in the future: record an inauguration once held", field="inaugurated_at"
        )
    await _inaugurate(uow, term, at=at or now, event_id=None)
    return term


async def conclude_inauguration(uow: Membership, *, event: EventConcluded) -> list[Term]:
    """Inaugurate the terms a concluded inauguration covers that this deployment owns."""
    if event.type != "inauguration":
        return []
    terms = await uow.terms.by_ids(list(event.term_ids))
    done = []
    for term_id in event.term_ids:
        term = terms.get(term_id)
        if term is None or not covers(uow.deployment_region, term.council):
            log.info("inauguration %s: term %s is not kept here", event.event_id, term_id)
            continue
        if term.status != "draft" and term.inauguration_event_id == event.event_id:
            continue  # inaugurated by this very event (and maybe succeeded since): done
        try:
            if term.status != "draft":
                raise Conflict(f"term {term.id} is {term.status}, not a draft")
            await _inaugurate(uow, term, at=event.held_at, event_id=event.event_id)
        except StaleRevision:
            raise  # saved meanwhile: the consumer retries
        except DomainError as exc:  # a rule says no: answer it on the topic, for the agenda
            log.info("inauguration %s: term %s refused: %s", event.event_id, term_id, exc)
            if term.refuse_inauguration(event_id=event.event_id, reason=exc.message):
                await uow.terms.save(term)
            continue
        done.append(term)
    return done


async def _inaugurate(uow: Membership, term: Term, *, at: datetime, event_id: str | None) -> None:
    if term.status == "inaugurated":
        return  # inaugurating twice changes nothing and publishes nothing
    others = [t for t in await uow.terms.of_council(term.council) if t.id != term.id]
    # The predecessor is the inaugurated term, or, after a crash between the two saves below,
    # the term already ended in favour of this one (ending it again records nothing).
    previous = inaugurated_term(others, council=term.council) or next(
        (t for t in others if t.successor_term_id == term.id), None
    )
    home = await uow.councils.get(term.council)
    divisions = home.divisions if home is not None else None
    term.inaugurate(at=at, event_id=event_id, previous=previous, divisions=divisions)
    if previous is not None and previous.pending:
        await uow.terms.save(previous)  # first: a crash after it leaves a recoverable state
    await uow.terms.save(term)
