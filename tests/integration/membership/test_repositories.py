"""The revision rules of membership's repositories, on the real store and on the unit fakes.

An add stores revision 1, a save moves it on by one, a save of a stale copy is refused, and
both leave the aggregate with no pending events (they were stored with it, for the relay).
"""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from pymongo import AsyncMongoClient

from services.membership.accounts.domain import Account
from services.membership.accounts.repository import Accounts
from services.membership.domain import Council, Member, Term
from services.membership.ports import Membership
from services.membership.repository import Councils, Members, Terms
from shared.aggregate import Conflict, StaleRevision
from shared.clock import utc_now
from shared.persistence import OUTBOX, Document
from shared.store import AggregateStore
from tests.fakes.membership import FakeMembers, membership
from tests.stack import Stack

NOW = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
NIB = "9120001234567"


@pytest.fixture(params=["mongodb", "in-memory"])
async def uow(request: pytest.FixtureRequest, stack: Stack) -> AsyncIterator[Membership]:
    """The repositories on a database of their own, or the fakes the unit tests use."""
    if request.param == "in-memory":
        yield membership()
        return
    client: AsyncMongoClient[Document] = AsyncMongoClient(stack.mongodb, tz_aware=True)
    db = client[f"t{uuid.uuid4().hex[:10]}"]
    yield Membership(
        councils=Councils(AggregateStore(db["councils"], source="/test")),
        members=Members(AggregateStore(db["members"], source="/test")),
        terms=Terms(AggregateStore(db["terms"], source="/test")),
        deployment_region="ID",
        clock=utc_now,
    )
    await client.drop_database(db.name)
    await client.close()


def _business(name: str = "Batik Jetayu", nib: str | None = NIB) -> Member:
    return Member.register(council="33.75", kind="business", name=name, now=NOW, nib=nib)


def _term() -> Term:
    return Term.draft(
        council="33.75", period_start=date(2021, 3, 1), period_end=date(2026, 3, 1), now=NOW
    )


async def test_a_council_is_at_revision_1_after_add_and_moves_on_by_one_per_save(
    uow: Membership,
) -> None:
    council = Council.create("33.75", now=NOW)
    await uow.councils.add(council)
    assert council.revision == 1
    council.set_bidang(["Bidang Pemasaran"])
    await uow.councils.save(council)  # a second write of the same object needs no reload
    assert council.revision == 2
    stored = await uow.councils.get("33.75")
    assert stored is not None and (stored.revision, stored.bidang) == (2, ["Bidang Pemasaran"])
    with pytest.raises(Conflict):
        await uow.councils.add(Council.create("33.75", now=NOW))


async def test_a_member_add_and_save_store_the_events_and_clear_pending(uow: Membership) -> None:
    member = _business()
    await uow.members.add(member)
    assert (member.revision, member.pending) == (1, [])
    member.update(now=NOW, name="Batik Jetayu Pekalongan")
    await uow.members.save(member, previous_nib=NIB)
    assert (member.revision, member.pending) == (2, [])
    stored = await uow.members.get(member.id)
    assert stored is not None and (stored.revision, stored.public_revision) == (2, 2)
    assert await _stored_events(uow, member.id) == ["member.registered", "member.updated"]


async def test_a_stale_term_save_is_refused_and_the_newer_one_kept(uow: Membership) -> None:
    term = _term()
    await uow.terms.add(term)
    assert (term.revision, term.pending) == (1, [])
    first, second = await uow.terms.get(term.id), await uow.terms.get(term.id)
    assert first is not None and second is not None
    first.decree_number = "SK 1/2021"
    await uow.terms.save(first)
    assert first.revision == 2
    second.decree_number = "SK 2/2021"
    with pytest.raises(StaleRevision):
        await uow.terms.save(second)
    stored = await uow.terms.get(term.id)
    assert stored is not None and (stored.revision, stored.decree_number) == (2, "SK 1/2021")


async def test_an_nib_belongs_to_one_member_and_moves_with_a_changed_nib(
    uow: Membership,
) -> None:
    first = _business()
    await uow.members.add(first)
    with pytest.raises(Conflict) as refused:
        await uow.members.add(_business("Batik Lain"))
    assert refused.value.field == "nib"
    first.update(now=NOW, nib="9120001234568")
    await uow.members.save(first, previous_nib=NIB)
    second = _business("Batik Lain")  # the NIB given up is free again
    await uow.members.add(second)
    assert (await uow.members.by_nib(NIB)) is not None


async def _stored_events(uow: Membership, member_id: str) -> list[str]:
    """The topics of the events stored with a member (in the outbox, or the fake's list)."""
    if isinstance(uow.members, FakeMembers):
        return [e.topic for e in uow.members.published]
    assert isinstance(uow.members, Members)
    doc = await uow.members.collection.find_one({"_id": member_id})
    assert doc is not None
    return [entry["envelope"]["type"] for entry in doc[OUTBOX]]


async def test_accounts_keep_the_same_revision_rules_and_a_unique_e_mail(stack: Stack) -> None:
    client: AsyncMongoClient[Document] = AsyncMongoClient(stack.mongodb, tz_aware=True)
    db = client[f"t{uuid.uuid4().hex[:10]}"]
    try:
        accounts = Accounts(AggregateStore(db["accounts"], source="/test"))
        siti = Account.create(
            email="siti@example.id", name="Siti", password_hash="h", home="17", now=NOW
        )
        await accounts.add(siti)
        assert siti.revision == 1
        siti.grant("17", "secretariat")
        await accounts.save(siti)
        stale = await accounts.get(siti.id)
        assert stale is not None and stale.revision == 2
        siti.name = "Siti Aminah"
        await accounts.save(siti)
        with pytest.raises(StaleRevision):
            await accounts.save(stale)
        twin = Account.create(
            email="siti@example.id", name="S", password_hash="h", home="17", now=NOW
        )
        with pytest.raises(Conflict) as refused:
            await accounts.add(twin)
        assert refused.value.field == "email"
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_a_council_registered_after_a_no_is_then_known(uow: Membership) -> None:
    # member registrations ask this every time; a yes is kept, a no must not be
    assert not await uow.councils.registered("33.76")
    await uow.councils.add(Council.create("33.76", now=NOW))
    assert await uow.councils.registered("33.76")
    assert await uow.councils.registered("33.76")
    assert not await uow.councils.registered("33.77")
