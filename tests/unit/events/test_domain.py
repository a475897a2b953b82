"""The agenda domain: lifecycle, registrations, check-in, time zones, terms and venue overlaps."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.events.domain import Event, overlapping
from services.events.domain.times import local_time
from services.events.views import ProgramView, TermView, check_member, check_program, check_terms
from shared.aggregate import Conflict, DomainError, NotFound
from shared.contracts.events import (
    EventCancelled,
    EventConcluded,
    EventRescheduled,
    EventScheduled,
    EventType,
)
from shared.views import MemberView

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
BENGKULU_BOARDS = ["17", *(f"17.0{n}" for n in range(1, 10)), "17.71"]


def training(
    *,
    capacity: int | None = 2,
    council: str = "33.75",
    type: EventType = "training",
    venue: str = "Ruang Jetayu",
    starts_at: datetime = datetime(2021, 11, 2, 8, tzinfo=WIB),
    ends_at: datetime = datetime(2021, 11, 2, 15, tzinfo=WIB),
    term_ids: list[str] | None = None,
    id: str | None = None,
) -> Event:
    return Event.schedule(
        council=council,
        type=type,
        title="Pelatihan UMKM batik",
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        term_ids=term_ids,
        id=id,
    )


NOW = datetime(2021, 10, 20, tzinfo=UTC)
ON_THE_DAY = datetime(2021, 11, 2, 7, 30, tzinfo=WIB)


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


# --- read models and their checks ---------------------------------------------------------


def member(member_id: str = "m1", council: str = "33.75", revision: int = 1) -> MemberView:
    return MemberView(
        member_id=member_id, council=council, kind="person", name="Inggit", revision=revision
    )


def test_member_must_be_known_and_in_scope() -> None:
    assert check_member(member_id="m1", member=member(), scope="33").member_id == "m1"
    for view, scope in ((None, "33.75"), (member(council="17.71"), "33")):
        with pytest.raises(DomainError) as error:
            check_member(member_id="m1", member=view, scope=scope)
        assert error.value.field == "member_id" and error.value.status == 422


def test_program_must_be_approved_and_of_the_same_council() -> None:
    approved = ProgramView(program_id="p1", council="33.75")
    assert check_program(program_id="p1", program=approved, council="33.75") is approved
    for view in (
        None,
        ProgramView(program_id="p1", council="17"),
        ProgramView(program_id="p1", council="33.75", status="draft"),
    ):
        with pytest.raises(DomainError) as error:
            check_program(program_id="p1", program=view, council="33.75")
        assert error.value.field == "program_id"


def bengkulu_terms() -> dict[str, TermView]:
    return {f"t-{code}": TermView(term_id=f"t-{code}", council=code) for code in BENGKULU_BOARDS}


def test_bengkulu_inaugurates_its_own_and_ten_regency_city_boards_at_once() -> None:
    terms = bengkulu_terms()
    term_ids = list(terms)
    assert len(term_ids) == 11
    checked = check_terms(term_ids=term_ids, terms=terms, scope="17")
    assert [t.council for t in checked] == BENGKULU_BOARDS
    event = Event.schedule(
        council="17",
        type="inauguration",
        title="Pengukuhan Dekranasda Provinsi Bengkulu dan kabupaten/kota 2021-2024",
        venue="Auditorium Hotel Grage",
        starts_at=datetime(2021, 3, 23, 13, tzinfo=WIB),
        ends_at=datetime(2021, 3, 23, 15, tzinfo=WIB),
        term_ids=term_ids,
    )
    event.conclude(attendee_ids=[])
    concluded = event.pending[-1]
    assert isinstance(concluded, EventConcluded) and concluded.term_ids == term_ids


def test_a_term_of_another_province_is_refused_by_index() -> None:
    terms = {**bengkulu_terms(), "t-33.75": TermView(term_id="t-33.75", council="33.75")}
    with pytest.raises(DomainError) as error:
        check_terms(term_ids=["t-17", "t-33.75"], terms=terms, scope="17")
    assert error.value.field == "term_ids[1]" and error.value.status == 422


def test_unknown_and_non_draft_terms_are_refused() -> None:
    terms = {"t-17": TermView(term_id="t-17", council="17", status="inaugurated")}
    with pytest.raises(DomainError) as unknown:
        check_terms(term_ids=["nope"], terms=terms, scope="17")
    assert unknown.value.field == "term_ids[0]"
    with pytest.raises(Conflict) as inaugurated:
        check_terms(term_ids=["t-17"], terms=terms, scope="17")
    assert inaugurated.value.field == "term_ids[0]"


def test_inauguration_needs_terms_and_other_events_take_none() -> None:
    with pytest.raises(DomainError) as missing:
        training(type="inauguration", term_ids=[])
    assert missing.value.field == "term_ids"
    with pytest.raises(DomainError) as extra:
        training(term_ids=["t1"])
    assert extra.value.field == "term_ids"
    with pytest.raises(DomainError) as twice:
        training(type="inauguration", term_ids=["t1", "t1"])
    assert twice.value.field == "term_ids[1]"


# --- venue overlaps -----------------------------------------------------------------------


def rakor(hour: int, *, venue: str = "Ruang Jetayu", council: str = "33.75") -> Event:
    return training(
        council=council,
        type="rakor",
        venue=venue,
        starts_at=datetime(2021, 10, 18, hour, tzinfo=WIB),
        ends_at=datetime(2021, 10, 18, hour + 2, tzinfo=WIB),
    )


def test_overlaps_at_the_same_venue_are_reported() -> None:
    event = rakor(9)
    clash = rakor(10, venue="  ruang   JETAYU ")
    others = [
        event,
        clash,
        rakor(11),  # starts when the first ends: no overlap
        rakor(10, venue="Aula Kantor Walikota"),
        rakor(10, council="33.26"),
    ]
    assert overlapping(event, others) == [clash]


def test_cancelled_events_do_not_overlap() -> None:
    event, clash = rakor(9), rakor(10)
    clash.cancel()
    assert overlapping(event, [clash]) == []
