"""A batch of trade-registry records (issue 17): new NIBs at once, the rest in order, once each."""

from datetime import UTC, datetime

from services.membership.domain.intake import Sender
from services.membership.handlers.intake import ingest_trade_registrations
from shared.contracts import MemberRegistered, MemberUpdated, TradeUkmRegistered
from tests.fakes.membership import membership

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
A, B = "9120000000001", "9120000000002"


def _record(nib: str, name: str, council: str = "17") -> tuple[TradeUkmRegistered, Sender]:
    record = TradeUkmRegistered(council=council, nib=nib, name=name, category="tenun")
    return record, Sender(ce_id=f"{nib}-{name}", source="/oss")


async def test_a_batch_registers_each_nib_once_and_applies_its_updates_in_order() -> None:
    u = membership("ID", councils=("17",), clock=lambda: NOW)
    batch = [_record(A, "Tenun A"), _record(B, "Tenun B"), _record(A, "Tenun A Baru")]
    await ingest_trade_registrations(u, batch)
    names = {m.nib: m.name for m in u.members.where(lambda m: True)}
    assert names == {A: "Tenun A Baru", B: "Tenun B"}
    topics = [(e.topic, getattr(e, "nib", None)) for e in u.members.published]
    assert topics.count((MemberRegistered.topic, A)) == 1
    assert topics.count((MemberRegistered.topic, B)) == 1
    assert sum(1 for t, _ in topics if t == MemberUpdated.topic) == 1


async def test_the_same_batch_again_registers_nobody_twice() -> None:
    u = membership("ID", councils=("17",), clock=lambda: NOW)
    batch = [_record(A, "Tenun A"), _record(B, "Tenun B")]
    await ingest_trade_registrations(u, batch)
    await ingest_trade_registrations(u, batch)  # a redelivery the inbox did not catch
    assert len(u.members.where(lambda m: True)) == 2
    registered = [e for e in u.members.published if e.topic == MemberRegistered.topic]
    assert len(registered) == 2


async def test_another_deployments_council_is_left_alone() -> None:
    u = membership("33", councils=("33",), clock=lambda: NOW)
    await ingest_trade_registrations(u, [_record(A, "Tenun A", council="17")])
    assert u.members.where(lambda m: True) == []
