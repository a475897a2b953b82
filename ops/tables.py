"""Tables the operator commands print: at the width they need, and the dead letters waiting."""

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from ops import dlq
from ops.dlq_records import DEAD_LETTER_TOPICS

console = Console()


def print_wide(table: Table, on: Console = console) -> None:
    """Print a table at the width it needs, wider than the terminal if need be: no name is cut."""
    needed = Measurement.get(on, on.options.update_width(10_000), table).maximum
    Console(width=max(on.width, needed), file=on.file, force_terminal=on.is_terminal).print(table)


async def waiting(bootstrap: str, security: dlq.Security = None) -> Table:
    """Each dead-letter topic: its records, and those neither re-driven nor discarded."""
    done = await dlq.actions(bootstrap, security)
    table = Table("dead-letter topic", "records", "waiting (dekranasda dlq list)")
    for topic in DEAD_LETTER_TOPICS:
        records = await dlq.dead_letters(bootstrap, [topic], security)
        open_ = sum(1 for r in records if r.id not in done)
        table.add_row(topic, str(len(records)), f"[red]{open_}[/]" if open_ else "0")
    return table
