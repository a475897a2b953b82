"""Registrations in the domain: capacity, the waitlist and its promotions, check-in days."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from shared.aggregate import Conflict, DomainError, NotFound
from tests.fakes.events import WIB, training

WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
NOW = datetime(2021, 10, 20, tzinfo=UTC)
ON_THE_DAY = datetime(2021, 11, 2, 7, 30, tzinfo=WIB)
BENGKULU_BOARDS = ["17", *(f"17.0{n}" for n in range(1, 10)), "17.71"]


# --- registrations ------------------------------------------------------------------------


def test_registrations_confirm_up_to_capacity_then_waitlist_in_order() -> None:
    event = training(capacity=2)
    statuses = [event.register(member_id=m, now=NOW).status for m in ("a", "b", "c", "d")]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.member_id for r in event.roster.waitlist] == ["c", "d"]


def test_unlimited_capacity_confirms_everyone() -> None:
    event = training(capacity=None)
    assert {event.register(member_id=str(n), now=NOW).status for n in range(50)} == {"confirmed"}


def test_registering_twice_is_a_conflict_on_member_id() -> None:
    event = training()
    event.register(member_id="a", now=NOW)
    with pytest.raises(Conflict) as error:
        event.register(member_id="a", now=NOW)
    assert error.value.field == "member_id" and error.value.status == 409


def test_registrations_record_no_event_and_keep_the_sequence() -> None:
    event = training()
    event.register(member_id="a", now=NOW)
    event.check_in(member_id="a", now=ON_THE_DAY)
    assert event.sequence == 0 and len(event.pending) == 1


def test_a_cancellation_promotes_the_first_waitlisted() -> None:
    event = training(capacity=2)
    for member_id in ("a", "b", "c", "d"):
        event.register(member_id=member_id, now=NOW)
    promoted = event.cancel_registration(member_id="b")
    assert promoted is not None and promoted.member_id == "c"
    assert [r.member_id for r in event.roster.confirmed] == ["a", "c"]
    assert [r.member_id for r in event.roster.waitlist] == ["d"]


def test_a_waitlisted_cancellation_promotes_nobody() -> None:
    event = training(capacity=1)
    for member_id in ("a", "b", "c"):
        event.register(member_id=member_id, now=NOW)
    assert event.cancel_registration(member_id="b") is None
    assert [r.member_id for r in event.roster.waitlist] == ["c"]


def test_cancelling_an_unknown_registration_is_not_found() -> None:
    with pytest.raises(NotFound) as error:
        training().cancel_registration(member_id="ghost")
    assert error.value.field == "member_id"


def test_only_confirmed_registrants_check_in() -> None:
    event = training(capacity=1)
    event.register(member_id="a", now=NOW)
    event.register(member_id="b", now=NOW)
    for member_id in ("b", "stranger"):
        with pytest.raises(Conflict) as error:
            event.check_in(member_id=member_id, now=ON_THE_DAY)
        assert error.value.field == "member_id"


def test_checking_in_twice_keeps_the_first_time() -> None:
    event = training()
    event.register(member_id="a", now=NOW)
    first = event.check_in(member_id="a", now=ON_THE_DAY).checked_in_at
    again = event.check_in(member_id="a", now=ON_THE_DAY + timedelta(hours=2))
    assert again.checked_in_at == first == ON_THE_DAY


def test_check_in_opens_at_midnight_of_the_event_day_in_the_councils_zone() -> None:
    # Jayapura (WIT, UTC+9): the event starts 26 Oct 08:00 WIT, i.e. 25 Oct 23:00 UTC.
    event = training(
        council="91.71",
        starts_at=datetime(2021, 10, 26, 8, tzinfo=WIT),
        ends_at=datetime(2021, 10, 26, 12, tzinfo=WIT),
    )
    event.register(member_id="a", now=NOW)
    with pytest.raises(DomainError) as error:
        event.check_in(member_id="a", now=datetime(2021, 10, 25, 14, 59, tzinfo=UTC))
    assert error.value.field == "checked_in_at"
    # 15:00 UTC on the 25th is already 00:00 WIT on the 26th.
    assert event.check_in(member_id="a", now=datetime(2021, 10, 25, 15, tzinfo=UTC)).checked_in_at


def test_check_in_after_the_event_day_is_allowed_for_late_records() -> None:
    event = training()
    event.register(member_id="a", now=NOW)
    assert event.check_in(member_id="a", now=ON_THE_DAY + timedelta(days=3)).checked_in_at
