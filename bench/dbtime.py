"""Where a service's database time went: `db_command_duration_seconds` scraped from /metrics."""

from dataclasses import dataclass

import httpx
from prometheus_client.parser import text_string_to_metric_families

Key = tuple[str, str]  # (command, collection)


@dataclass
class Spent:
    """Commands of one shape and the seconds the service waited for them."""

    count: int = 0
    seconds: float = 0.0


def scrape(base_url: str) -> dict[Key, Spent]:
    """The service's database time so far, per command and collection."""
    text = httpx.get(f"{base_url}/metrics", timeout=10).text
    spent: dict[Key, Spent] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "db_command_duration_seconds":
            continue
        for sample in family.samples:
            key = (sample.labels["command"], sample.labels["collection"])
            if sample.name.endswith("_count"):
                spent.setdefault(key, Spent()).count += int(sample.value)
            elif sample.name.endswith("_sum"):
                spent.setdefault(key, Spent()).seconds += sample.value
    return spent


def table(spent: dict[Key, Spent], *, top: int = 10) -> list[str]:
    """The `top` shapes by time, as Markdown rows with their share of the whole."""
    total = sum(s.seconds for s in spent.values()) or 1.0
    rows = sorted(spent.items(), key=lambda kv: kv[1].seconds, reverse=True)[:top]
    lines = [
        "| command | collection | count | seconds | ms each | share |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for (command, collection), s in rows:
        each = 1000 * s.seconds / s.count if s.count else 0.0
        lines.append(
            f"| {command} | `{collection}` | {s.count:,} | {s.seconds:,.1f} | {each:,.1f}"
            f" | {s.seconds / total:.0%} |"
        )
    return lines
