"""The agenda domain: scheduling, time zones and the lifecycle an event goes through."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.events.domain import Event
from services.events.domain.times import local_time
from shared.aggregate import Conflict, DomainError
from shared.contracts.events import (
    EventCancelled,
    EventConcluded,
    EventRescheduled,
    EventScheduled,
)
from tests.fakes.events import WIB, training

WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
NOW = datetime(2021, 10, 20, tzinfo=UTC)
ON_THE_DAY = datetime(2021, 11, 2, 7, 30, tzinfo=WIB)
BENGKULU_BOARDS = ["17", *(f"17.0{n}" for n in range(1, 10)), "17.71"]


# --- scheduling and times -----------------------------------------------------------------


def test_bengkulu_rakerda_is_stored_in_utc_and_shown_in_wib() -> None:
    rakerda = Event.schedule(
        council="17",
        type="rakerda",
        title="Rakerda Dekranasda Provinsi Bengkulu 2021",
        venue="Auditorium Hotel Grage",
        starts_at=datetime(2021, 3, 23, 9, tzinfo=WIB),
        ends_at=datetime(2021, 3, 23, 16, tzinfo=WIB),
    )
    assert rakerda.starts_at == datetime(2021, 3, 23, 2, tzinfo=UTC)
    assert rakerda.starts_at.utcoffset() == timedelta(0)
    assert rakerda.local_starts_at.hour == 9
    assert str(rakerda.local_starts_at.tzinfo) == "Asia/Jakarta"
    assert rakerda.status == "scheduled" and rakerda.sequence == 0
    [scheduled] = rakerda.pending
    assert isinstance(scheduled, EventScheduled)
    assert scheduled.council == "17" and scheduled.type == "rakerda"
    assert scheduled.subject == rakerda.id


@pytest.mark.parametrize(
    ("council", "offset", "zone", "utc_hour"),
    [
        ("33.75", WIB, "Asia/Jakarta", 2),  # Kota Pekalongan, WIB
        ("73.71", WITA, "Asia/Makassar", 1),  # Kota Makassar, WITA
        ("91.71", WIT, "Asia/Jayapura", 0),  # Kota Jayapura, WIT
    ],
)
def test_a_nine_oclock_start_is_nine_on_each_councils_clock(
    council: str, offset: timezone, zone: str, utc_hour: int
) -> None:
    event = training(council=council, starts_at=datetime(2021, 11, 2, 9, tzinfo=offset))
    assert event.starts_at.hour == utc_hour
    assert event.local_starts_at.hour == 9
    assert str(event.local_starts_at.tzinfo) == zone


def test_any_offset_is_accepted_and_normalised() -> None:
    event = training(
        council="91.71",
        starts_at=datetime(2021, 11, 1, 23, tzinfo=UTC),
        ends_at=datetime(2021, 11, 2, 10, tzinfo=WITA),
    )
    assert event.local_starts_at == datetime(2021, 11, 2, 8, tzinfo=WIT)
    assert event.ends_at == datetime(2021, 11, 2, 2, tzinfo=UTC)
    assert local_time(event.ends_at, council="91.71").hour == 11


def test_an_end_before_the_start_names_ends_at() -> None:
    with pytest.raises(DomainError) as error:
        training(ends_at=datetime(2021, 11, 2, 7, tzinfo=WIB))
    assert error.value.field == "ends_at" and error.value.status == 422


def test_a_naive_start_names_starts_at() -> None:
    with pytest.raises(DomainError) as error:
        training(starts_at=datetime(2021, 11, 2, 8))
    assert error.value.field == "starts_at"


def test_past_dates_are_accepted() -> None:
    assert training(starts_at=datetime(2001, 1, 1, 8, tzinfo=WIB)).status == "scheduled"


@pytest.mark.parametrize("capacity", [0, -3])
def test_capacity_is_at_least_one(capacity: int) -> None:
    with pytest.raises(DomainError) as error:
        training(capacity=capacity)
    assert error.value.field == "capacity"


def test_an_unknown_council_is_refused() -> None:
    with pytest.raises(DomainError) as error:
        training(council="99.99")
    assert error.value.field == "council"


def test_given_ids_are_kept_and_default_ids_are_unique() -> None:
    assert training(id="rakor-jetayu").id == "rakor-jetayu"
    assert training().id != training().id


# --- lifecycle ----------------------------------------------------------------------------


def test_every_change_raises_the_sequence() -> None:
    event = training()
    event.reschedule(
        starts_at=datetime(2021, 11, 3, 8, tzinfo=WIB),
        ends_at=datetime(2021, 11, 3, 15, tzinfo=WIB),
        venue="Gedung Pusat Batik",
    )
    assert event.sequence == 1 and event.venue == "Gedung Pusat Batik"
    rescheduled = event.pending[-1]
    assert isinstance(rescheduled, EventRescheduled) and rescheduled.sequence == 1
    event.cancel(reason="Banjir")
    assert (event.status, event.sequence) == ("cancelled", 2)
    assert isinstance(event.pending[-1], EventCancelled)


def test_an_unchanged_reschedule_is_a_no_op() -> None:
    event = training()
    event.reschedule(starts_at=event.starts_at, ends_at=event.ends_at)
    assert event.sequence == 0 and len(event.pending) == 1


def test_wrong_transitions_are_conflicts_on_status() -> None:
    cancelled = training()
    cancelled.cancel()
    for action in (
        lambda: cancelled.cancel(),
        lambda: cancelled.conclude(),
        lambda: cancelled.reschedule(starts_at=NOW, ends_at=NOW),
        lambda: cancelled.register(member_id="m1", now=NOW),
    ):
        with pytest.raises(Conflict) as error:
            action()
        assert error.value.field == "status"


def test_concluding_twice_is_a_conflict() -> None:
    event = training()
    event.conclude(attendee_ids=[])
    with pytest.raises(Conflict) as error:
        event.conclude(attendee_ids=["m1"])
    assert error.value.field == "status"
    assert event.sequence == 1


def test_conclusion_carries_the_checked_in_attendance() -> None:
    event = training(capacity=3)
    for member_id in ("m1", "m2", "m3"):
        event.register(member_id=member_id, now=NOW)
    event.check_in(member_id="m3", now=ON_THE_DAY)
    event.check_in(member_id="m1", now=ON_THE_DAY)
    event.conclude()
    concluded = event.pending[-1]
    assert isinstance(concluded, EventConcluded)
    assert concluded.attendance == 2
    assert concluded.attendee_member_ids == ["m1", "m3"]
    assert concluded.held_at == event.starts_at and concluded.ended_at == event.ends_at
    assert (event.status, event.sequence) == ("concluded", 1)


def test_a_given_attendee_list_overrides_check_ins_without_duplicates() -> None:
    event = training()
    event.conclude(attendee_ids=["m9", "m8", "m9"])
    concluded = event.pending[-1]
    assert isinstance(concluded, EventConcluded)
    assert (concluded.attendance, concluded.attendee_member_ids) == (2, ["m9", "m8"])
