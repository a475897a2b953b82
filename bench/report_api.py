"""The W1 part of the report: every API figure as a ratio to the raw baseline of the same run."""

from bench.api import RAW_CHECKED, RAW_CREATE, RAW_READ, Cell, OpenCell, baseline

READS = ("GET /members/{id}", "GET /programs/{id}", "GET /events/{id}")
CREATES = ("POST /members", "POST /programs", "POST /events")


def _f(value: float, digits: int = 0) -> str:
    return "-" if value != value else f"{value:,.{digits}f}"


def _ok(passed: bool) -> str:
    return "met" if passed else "**missed**"


def _raw_of(label: str) -> str:
    return RAW_READ if label.startswith("GET") else RAW_CREATE


def _share(cells: list[Cell], c: Cell) -> str:
    if c.endpoint.service == "raw":
        return "(baseline)"
    raw = baseline(cells, _raw_of(c.endpoint.label), c.clients)
    return f"{c.rps / raw:.0%}" if raw == raw and raw else "-"


def table(cells: list[Cell]) -> list[str]:
    """Closed-loop cells, each with its share of the baseline at the same client count."""
    lines = [
        "| endpoint | clients | req/s | of raw | p50 ms | p99 ms | errors / requests |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c in cells:
        lines.append(
            f"| `{c.endpoint.label}` ({c.endpoint.service}) | {c.clients} | {_f(c.rps)}"
            f" | {_share(cells, c)} | {_f(c.p50_ms, 1)} | {_f(c.p99_ms, 1)}"
            f" | {c.errors} / {c.requests} |"
        )
    return lines


def open_table(opened: list[OpenCell]) -> list[str]:
    """Open-loop cells (one arrival rate per endpoint: half the baseline's throughput)."""
    lines = [
        "| endpoint | arrivals/s | ok/s | p50 ms | p99 ms | errors / requests |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for o in opened:
        r = o.result
        lines.append(
            f"| `{o.endpoint.label}` | {_f(r.rate)} | {_f(r.throughput)} | {_f(r.p50_ms, 1)}"
            f" | {_f(r.p99_ms, 1)} | {r.errors} / {r.requests} |"
        )
    return lines


def targets(cells: list[Cell], opened: list[OpenCell]) -> list[str]:
    """Reads >= 80% of the raw read and p99 <= 50 ms at half its rate; creates >= 50%."""
    lines = []
    raw_read, raw_create = baseline(cells, RAW_READ), baseline(cells, RAW_CREATE)
    checked = baseline(cells, RAW_CHECKED)
    for label in READS:
        c = next((c for c in cells if c.endpoint.label == label and c.clients == 32), None)
        if c:
            ratio = c.rps / raw_read
            lines.append(
                f"| `{label}` >= 80% of the raw read at 32 clients | {_f(c.rps)} vs"
                f" {_f(raw_read)} req/s = {ratio:.0%} | {_ok(ratio >= 0.8)} |"
            )
            if checked == checked:
                lines.append(
                    f"| context: `{label}` against the raw read that checks the token and"
                    f" writes an access line | {_f(c.rps)} vs {_f(checked)} req/s ="
                    f" {c.rps / checked:.0%} | - |"
                )
        o = next((o.result for o in opened if o.endpoint.label == label), None)
        if o:
            lines.append(
                f"| `{label}` p99 <= 50 ms open loop at half the raw read | {_f(o.rate)}/s:"
                f" p99 {_f(o.p99_ms, 1)} ms, {_f(o.throughput)}/s ok, {o.errors} errors"
                f" | {_ok(o.p99_ms <= 50 and o.errors == 0)} |"
            )
    for label in CREATES:
        c = next((c for c in cells if c.endpoint.label == label and c.clients == 32), None)
        if c:
            ratio = c.rps / raw_create
            lines.append(
                f"| `{label}` >= 50% of the raw create at 32 clients | {_f(c.rps)} vs"
                f" {_f(raw_create)} req/s = {ratio:.0%} | {_ok(ratio >= 0.5)} |"
            )
    return lines
