"""The W6 part of the report: registry-scale intake against the W3 raw ceiling of the run."""

from bench import dbtime
from bench.intake import Intake
from bench.pipeline import Drain


def _ok(passed: bool) -> str:
    return "met" if passed else "**missed**"


def summary(w6: Intake) -> str:
    """One line for the console."""
    d = w6.drain
    return (
        f"{d.committed}/{d.events} committed at {d.rate:,.0f} records/s;"
        f" members {w6.members}, NIBs not exactly one member {w6.nibs_not_one_member},"
        f" dead letters {w6.dead_letters} (exact: {w6.dlq_exact}),"
        f" member.registered twice {w6.registered_twice}, missing {w6.registered_missing}"
    )


def targets(w6: Intake | None, raw: Drain | None) -> list[str]:
    """The W6 target lines."""
    if w6 is None:
        return []
    lines = []
    if raw is not None:
        ratio = w6.drain.rate / raw.rate
        lines.append(
            f"| W6 intake >= 50% of W3 | {w6.drain.rate:,.0f} vs {raw.rate:,.0f} records/s ="
            f" {ratio:.0%} | {_ok(ratio >= 0.5)} |"
        )
    p = w6.plan
    exact = w6.nibs_not_one_member == 0 and w6.members == len(p.new)
    lines += [
        f"| W6 every valid NIB exactly one member | {w6.members:,} members for {len(p.new):,}"
        f" NIBs, {w6.nibs_not_one_member} NIBs not exactly one | {_ok(exact)} |",
        f"| W6 exactly the malformed in dlq.membership | {w6.dead_letters} dead letters for"
        f" {len(p.malformed)} malformed | {_ok(w6.dlq_exact)} |",
        f"| W6 one member.registered per NIB created | {w6.registered_events:,} events,"
        f" {w6.registered_twice} NIBs twice, {w6.registered_missing} missing"
        f" | {_ok(w6.registered_twice == 0 and w6.registered_missing == 0)} |",
    ]
    return lines


def section(w6: Intake | None, raw: Drain | None) -> list[str]:
    """W6's own section."""
    if w6 is None:
        return []
    p, d = w6.plan, w6.drain
    ceiling = f" ({d.rate / raw.rate:.0%} of W3's {raw.rate:,.0f}/s)" if raw else ""
    return [
        "## W6 registry-scale intake (membership, `trade.ukm.registered`)",
        "",
        f"{p.records:,} records put on the topic while membership was down ({len(p.new):,} new"
        f" NIBs, {p.updates:,} updates of earlier ones, {len(p.malformed):,} malformed NIBs),"
        f" produced in {w6.produce_s:.1f} s; then membership started and drained them.",
        "",
        "| figure | value |",
        "|---|---:|",
        f"| records committed | {d.committed:,} of {d.events:,} |",
        f"| start -> ready | {d.startup_s:.1f} s |",
        f"| start -> all committed | {d.wall_s:.1f} s |",
        f"| records/s (first to last commit) | {d.rate:,.0f}{ceiling} |",
        f"| members afterwards | {w6.members:,} |",
        f"| NIBs not exactly one member | {w6.nibs_not_one_member} |",
        f"| dead letters of this deployment | {w6.dead_letters} (exactly the malformed:"
        f" {'yes' if w6.dlq_exact else 'no'}) |",
        f"| member.registered for these NIBs | {w6.registered_events:,}"
        f" ({w6.registered_twice} NIBs twice, {w6.registered_missing} missing) |",
        f"| membership's RSS, highest while draining | {w6.rss_peak_mb:.0f} MB |",
        "",
        "Where membership's database time went, from start to the last check"
        " (`db_command_duration_seconds` of its /metrics; the intake and the relay together):",
        "",
        *dbtime.table(w6.db_time),
        "",
    ]
