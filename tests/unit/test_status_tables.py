"""`dekranasda status` and `dekranasda dlq list` print whole names at any terminal width."""

import io

from rich.console import Console

from ops.dlq_records import DeadLetter, Filter, parse_id, parse_time
from ops.lag import render_lag
from ops.tables import print_wide

GROUP = "dekranasda.kota-pekalongan-production.programs.members-read-model-rebuild"


def test_consumer_group_names_are_not_cut_at_80_columns() -> None:
    out = io.StringIO()
    terminal = Console(file=out, width=80)
    table = render_lag({"member.registered": 1234}, {(GROUP, "member.registered"): 7})
    print_wide(table, terminal)
    row = next(line for line in out.getvalue().splitlines() if "member.registered" in line)
    assert GROUP in row and "7" in row


def test_dead_letters_are_named_and_filtered_by_error_time_and_deployment() -> None:
    record = DeadLetter(
        topic="dlq.membership",
        partition=3,
        offset=17,
        timestamp_ms=0,
        key=b"1234567890123",
        value=b"{}",
        headers={
            "ce_id": "e1",
            "dlq_error": "DomainError: council 33.75 is not registered here",
            "dlq_topic": "trade.ukm.registered",
            "dlq_consumer": "dekranasda.pekalongan.membership.trade-registry",
            "dlq_at": "2026-11-29T10:16:18.715000+00:00",
        },
    )
    assert parse_id(record.id) == ("dlq.membership", 3, 17)
    assert record.original_headers() == [("ce_id", b"e1")]
    assert Filter(error="NOT REGISTERED", deployment="pekalongan").matches(record)
    assert not Filter(deployment="peka").matches(record)
    now = parse_time("2026-11-29T12:00:00Z")
    assert Filter(since=parse_time("2h", now)).matches(record)
    assert not Filter(since=parse_time("90m", now)).matches(record)
    assert not Filter(until=parse_time("2026-11-29T10:00:00")).matches(record)
