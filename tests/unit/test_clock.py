"""The platform's one clock and one check of instants (shared/clock.py)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from shared.aggregate import DomainError
from shared.clock import as_utc, utc_now


def test_now_is_utc_to_the_millisecond_mongodb_keeps() -> None:
    now = utc_now()
    assert now.tzinfo is UTC and now.microsecond % 1000 == 0
    assert abs(datetime.now(UTC) - now) < timedelta(seconds=1)


def test_an_instant_with_an_offset_becomes_the_same_instant_in_utc() -> None:
    wib = datetime(2021, 11, 2, 8, tzinfo=timezone(timedelta(hours=7)))
    assert as_utc(wib, field="at") == datetime(2021, 11, 2, 1, tzinfo=UTC)
    assert as_utc(wib, field="at").tzinfo is UTC


def test_a_naive_instant_is_a_422_naming_the_field() -> None:
    with pytest.raises(DomainError) as error:
        as_utc(datetime(2021, 11, 2, 8), field="starts_at")
    assert error.value.field == "starts_at" and error.value.status == 422
    assert "starts_at" in str(error.value)
