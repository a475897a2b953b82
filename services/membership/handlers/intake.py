"""The trade-registry intake: a business the registry announced is created or updated."""

from collections.abc import Sequence

from shared.aggregate import Conflict, StaleRevision
from shared.contracts import TradeUkmRegistered
from shared.regions import covers

from ..domain import Member, apply_trade_registration
from ..domain.intake import Sender
from ..domain.values import registration_id
from ..ports import Membership
from .councils import require_registered


async def ingest_trade_registration(
    uow: Membership, *, record: TradeUkmRegistered, sender: Sender | None = None
) -> Member | None:
    """Create or update the business a trade registry announced, if this deployment owns it.

    A council this deployment does not keep is refused as over HTTP (dead letter); a record
    of another council than the business's home stays a pending change (see `intake`)."""
    if not covers(uow.deployment_region, record.council):
        return None  # another deployment's council: it will take this record
    await require_registered(uow, record.council)
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


async def ingest_trade_registrations(
    uow: Membership, records: Sequence[tuple[TradeUkmRegistered, Sender | None]]
) -> None:
    """A batch of registry records: the new NIBs stored at once, the others one by one, in order.

    Insert first: the first record of each NIB becomes a member in one write of NIB claims and
    one of members. An NIB claimed before (an update, a redelivered batch, a crashed attempt)
    goes through `ingest_trade_registration`, as does every later record of the same NIB."""
    ours = [(r, s) for r, s in records if covers(uow.deployment_region, r.council)]
    for council in sorted({r.council for r, _ in ours}):
        await require_registered(uow, council)
    now, firsts = uow.clock(), dict[str, Member]()
    for record, sender in ours:
        if record.nib not in firsts:
            member_id = registration_id(record.model_dump(mode="json"))
            firsts[record.nib] = apply_trade_registration(
                record, existing=None, now=now, member_id=member_id, sender=sender
            )
    stored = {m.nib for m in await uow.members.add_new(list(firsts.values()))}
    for record, sender in ours:
        if record.nib in stored:
            stored.discard(record.nib)  # its first record: registered just now
            continue
        await ingest_trade_registration(uow, record=record, sender=sender)
