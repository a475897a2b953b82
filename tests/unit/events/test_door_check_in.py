"""Check-in at the door in the domain: door times, client ids, the earlier time kept."""

from datetime import UTC, datetime, timedelta

import pytest

from services.events.domain import Event
from shared.aggregate import Conflict, DomainError

REGISTERED = datetime(2021, 11, 1, 3, tzinfo=UTC)
NOW = datetime(2021, 11, 2, 6, tzinfo=UTC)  # 13.00 WIB on the training's day


def training_with(*members: str) -> Event:
    event = Event.schedule(
        council="33.75",
        type="training",
        title="Pelatihan UMKM batik",
        starts_at=datetime(2021, 11, 2, 1, tzinfo=UTC),
        ends_at=datetime(2021, 11, 2, 8, tzinfo=UTC),
    )
    for member_id in members:
        event.register(member_id=member_id, now=REGISTERED)
    return event


def test_the_door_time_is_kept_and_a_repeated_client_id_is_the_same_check_in() -> None:
    event = training_with("a")
    door = NOW - timedelta(hours=3)
    first = event.check_in(member_id="a", now=NOW, at=door, client_id="c-1")
    again = event.check_in(member_id="a", now=NOW + timedelta(hours=1), at=door, client_id="c-1")
    assert again is first and first.checked_in_at == door and first.client_id == "c-1"
    event.conclude()
    late = event.check_in(member_id="a", now=NOW + timedelta(days=1), client_id="c-1")
    assert late.checked_in_at == door


def test_an_earlier_door_time_replaces_a_later_check_in() -> None:
    event = training_with("a")
    event.check_in(member_id="a", now=NOW)
    entry = event.check_in(member_id="a", now=NOW, at=NOW - timedelta(hours=2), client_id="q")
    assert entry.checked_in_at == NOW - timedelta(hours=2) and entry.client_id == "q"
    entry = event.check_in(member_id="a", now=NOW, at=NOW - timedelta(hours=1))
    assert entry.checked_in_at == NOW - timedelta(hours=2)


def test_door_times_in_the_future_or_before_the_registration_are_refused() -> None:
    event = training_with("a")
    with pytest.raises(DomainError) as future:
        event.check_in(member_id="a", now=NOW, at=NOW + timedelta(minutes=6))
    assert future.value.field == "checked_in_at"
    assert event.check_in(member_id="a", now=NOW, at=NOW + timedelta(minutes=4)).checked_in_at
    other = training_with("b")
    with pytest.raises(DomainError) as early:
        other.check_in(member_id="b", now=NOW, at=REGISTERED - timedelta(seconds=1))
    assert early.value.field == "checked_in_at"


def test_a_client_id_of_another_person_and_a_concluded_event_are_conflicts() -> None:
    event = training_with("a", "b")
    event.check_in(member_id="a", now=NOW, client_id="c-1")
    with pytest.raises(Conflict) as taken:
        event.check_in(member_id="b", now=NOW, client_id="c-1")
    assert taken.value.field == "client_id"
    event.conclude()
    with pytest.raises(Conflict) as over:
        event.check_in(member_id="b", now=NOW, client_id="c-2")
    assert "concluded" in over.value.message
