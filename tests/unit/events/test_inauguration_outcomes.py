"""Membership's answers per term on an inauguration event, and the checks before concluding."""

from datetime import UTC, date, datetime

import pytest

from services.events.domain import Event, InaugurationOutcome
from services.events.views import TermView, check_succession
from shared.aggregate import Conflict


def _inauguration() -> Event:
    return Event.schedule(
        council="17",
        type="inauguration",
        title="Pengukuhan",
        starts_at=datetime(2021, 3, 23, 6, tzinfo=UTC),
        ends_at=datetime(2021, 3, 23, 8, tzinfo=UTC),
        term_ids=["a", "b"],
    )


def test_outcomes_show_once_concluded_and_inaugurated_is_final() -> None:
    event = _inauguration()
    assert event.inauguration_outcomes == []
    event.conclude(attendee_ids=[])
    assert [o.status for o in event.inauguration_outcomes] == ["pending", "pending"]
    assert event.record_outcome(InaugurationOutcome(term_id="b", status="inaugurated"))
    refused = InaugurationOutcome(term_id="b", status="refused", reason="late")
    assert not event.record_outcome(refused)  # never downgraded
    assert not event.record_outcome(InaugurationOutcome(term_id="x", status="inaugurated"))
    assert event.record_outcome(InaugurationOutcome(term_id="a", status="refused", reason="r"))
    assert not event.record_outcome(InaugurationOutcome(term_id="a", status="refused", reason="r"))
    assert [(o.term_id, o.status) for o in event.inauguration_outcomes] == [
        ("a", "refused"),
        ("b", "inaugurated"),
    ]


def test_a_term_older_than_the_inaugurated_one_is_refused() -> None:
    old = TermView(term_id="old", council="17", period_start=date(2016, 3, 23))
    current = TermView(
        term_id="now", council="17", status="inaugurated", period_start=date(2021, 3, 23)
    )
    with pytest.raises(Conflict) as caught:
        check_succession(term_ids=["old"], terms={"old": old}, inaugurated={"17": current})
    assert caught.value.field == "term_ids[0]" and "now" in caught.value.message
    newer = TermView(term_id="new", council="17", period_start=date(2024, 3, 23))
    check_succession(term_ids=["new"], terms={"new": newer}, inaugurated={"17": current})
