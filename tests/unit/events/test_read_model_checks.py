"""Checks against what events knows of members, programs and terms; venue overlaps."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.events.domain import Event, overlapping
from services.events.views import ProgramView, TermView, check_member, check_program, check_terms
from shared.aggregate import Conflict, DomainError
from shared.contracts.events import (
    EventConcluded,
)
from shared.views import MemberView
from tests.fakes.events import WIB, training

WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
NOW = datetime(2021, 10, 20, tzinfo=UTC)
ON_THE_DAY = datetime(2021, 11, 2, 7, 30, tzinfo=WIB)
BENGKULU_BOARDS = ["17", *(f"17.0{n}" for n in range(1, 10)), "17.71"]


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
