"""Read models of members and terms: newer revisions win, ended terms stay ended."""

from datetime import UTC, date, datetime

from services.programs.views import MemberView, apply_member, inaugurated_term
from shared.contracts.events import MemberRegistered, MemberUpdated, TermInaugurated


def member_event(revision: int, name: str, kind: str = "business") -> MemberUpdated:
    return MemberUpdated(
        council="33.75",
        member_id="m-1",
        kind=kind,
        name=name,
        revision=revision,
    )


def test_a_registered_member_becomes_a_view() -> None:
    event = MemberRegistered(
        council="17.71", member_id="m-1", kind="business", name="Besurek Raflesia", revision=1
    )
    view = apply_member(None, event)
    assert view == MemberView(
        member_id="m-1", council="17.71", kind="business", name="Besurek Raflesia", revision=1
    )
    assert view.is_business


def test_a_newer_revision_wins_and_an_older_or_equal_one_changes_nothing() -> None:
    current = apply_member(None, member_event(2, "Batik Jetayu"))
    assert current is not None
    assert apply_member(current, member_event(1, "Nama lama")) is None
    assert apply_member(current, member_event(2, "Batik Jetayu")) is None
    newer = apply_member(current, member_event(3, "Batik Jetayu Kota", kind="person"))
    assert newer is not None and newer.name == "Batik Jetayu Kota" and not newer.is_business


def test_replaying_member_events_in_any_order_gives_the_same_view() -> None:
    events = [member_event(r, f"nama {r}") for r in (1, 2, 3)]
    results = []
    for order in (events, list(reversed(events)), [events[1], events[2], events[0]]):
        view = None
        for event in order:
            view = apply_member(view, event) or view
        results.append(view)
    assert all(view is not None and view.name == "nama 3" for view in results)


def test_an_inaugurated_term_becomes_a_view_and_an_ended_one_stays_ended() -> None:
    event = TermInaugurated(
        council="17",
        term_id="t-17",
        period_start=date(2021, 3, 23),
        period_end=date(2024, 3, 22),
        inaugurated_at=datetime(2021, 3, 23, 3, tzinfo=UTC),
    )
    view = inaugurated_term(event)
    assert view.is_inaugurated and view.period == "2021-2024"
    assert inaugurated_term(event, current=view.ended()).status == "ended"
