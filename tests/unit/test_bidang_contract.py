"""`term.inaugurated` names the council's list `bidang`; `divisions`, its old name, carries the
same value for one version, and an event published before `bidang` is read by its old name."""

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from shared.contracts import TermInaugurated

TERM = {
    "council": "33.75",
    "term_id": "term-1",
    "period_start": date(2021, 10, 26),
    "period_end": date(2026, 10, 25),
    "inaugurated_at": datetime(2021, 10, 26, 3, tzinfo=UTC),
}
BIDANG = ["Bidang Pemasaran", "Bidang Organisasi"]


def test_a_new_event_sends_bidang_and_its_old_name_with_one_value() -> None:
    sent = TermInaugurated(**TERM, bidang=BIDANG).model_dump(mode="json")
    assert sent["bidang"] == sent["divisions"] == BIDANG


def test_an_event_published_before_bidang_is_read_by_its_old_name() -> None:
    payload = TermInaugurated(**TERM, bidang=BIDANG).model_dump(mode="json")
    del payload["bidang"]
    assert TermInaugurated.model_validate(payload).bidang == BIDANG
    assert TermInaugurated.model_validate({**payload, "divisions": None}).bidang is None


def test_bidang_and_its_old_name_may_not_differ() -> None:
    with pytest.raises(ValidationError, match="bidang and its old name divisions differ"):
        TermInaugurated(**TERM, bidang=BIDANG, divisions=["Bidang Kuliner"])
