"""A registry record of another council waits as a pending change; the home council decides."""

from datetime import UTC, datetime

import pytest

from services.membership.domain import Member, apply_trade_registration
from services.membership.domain.intake import Sender
from shared.aggregate import NotFound
from shared.contracts.events import MemberUpdated, TradeUkmRegistered

NOW = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
NIB = "9120001234567"


def _business() -> Member:
    member = Member.register(
        council="33.75", kind="business", name="Batik Jetayu", now=NOW, nib=NIB, category="batik"
    )
    member.pending.clear()
    return member


def test_another_councils_record_changes_nothing_until_accepted() -> None:
    member = _business()
    record = TradeUkmRegistered(council="17", nib=NIB, name="Besurek", category="other")
    apply_trade_registration(record, existing=member, now=NOW, sender=Sender("ce-1", "/oss"))
    assert (member.name, member.public_revision, member.pending) == ("Batik Jetayu", 1, [])
    (change,) = member.pending_changes
    assert (change.council, change.changes, change.ce_id) == ("17", {"name": "Besurek"}, "ce-1")

    member.decide(change.id, accept=True, now=NOW)
    assert (member.name, member.council, member.pending_changes) == ("Besurek", "33.75", [])
    assert [type(e) for e in member.pending] == [MemberUpdated]


def test_one_pending_change_per_council_and_none_when_nothing_would_change() -> None:
    member = _business()
    for name in ("Besurek", "Besurek", "Besurek Raflesia"):
        record = TradeUkmRegistered(council="17", nib=NIB, name=name)
        apply_trade_registration(record, existing=member, now=NOW)
    assert [c.changes for c in member.pending_changes] == [{"name": "Besurek Raflesia"}]
    same = TradeUkmRegistered(council="33", nib=NIB, name="Batik Jetayu", category="batik")
    apply_trade_registration(same, existing=member, now=NOW)
    assert [c.council for c in member.pending_changes] == ["17"]


def test_a_rejected_change_is_gone_and_an_unknown_one_is_not_found() -> None:
    member = _business()
    apply_trade_registration(
        TradeUkmRegistered(council="17", nib=NIB, name="Besurek"), existing=member, now=NOW
    )
    change_id = member.pending_changes[0].id
    member.decide(change_id, accept=False, now=NOW)
    assert (member.name, member.pending_changes, member.pending) == ("Batik Jetayu", [], [])
    with pytest.raises(NotFound):
        member.decide(change_id, accept=True, now=NOW)
