"""`dekranasda dlq list|show|redrive|discard`: the operator's view of the dead-letter topics."""

import asyncio
import json
import os
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from ops import dlq
from ops.dlq_records import DEAD_LETTER_TOPICS, DeadLetter, Filter, parse_id, parse_time
from ops.tables import print_wide
from shared.messaging.broker import DLQ_ACTIONS
from shared.settings import ServiceSettings

app = typer.Typer(
    help="Dead letters: list, show, re-drive to their original topic, discard.",
    no_args_is_help=True,
)
console = Console()
T = TypeVar("T")


class _Settings(ServiceSettings):
    service = "local"


TopicOpt = Annotated[
    list[str] | None,
    typer.Option("--topic", help="A dead-letter topic (repeatable); default: all three"),
]
ErrorOpt = Annotated[str | None, typer.Option(help="Only errors containing this text")]
SinceOpt = Annotated[str | None, typer.Option(help="Dead-lettered since: ISO time or 90m/2h/7d")]
UntilOpt = Annotated[str | None, typer.Option(help="Dead-lettered until: ISO time or 90m/2h/7d")]
DeploymentOpt = Annotated[str | None, typer.Option(help="Only this deployment's consumers")]
IdsArg = Annotated[list[str] | None, typer.Argument(help="Ids as `list` shows them")]
MatchingOpt = Annotated[bool, typer.Option(help="Every record the filters match")]
AgainOpt = Annotated[bool, typer.Option(help="Also records acted on before")]


def _run(work: Coroutine[Any, Any, T]) -> T:
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return asyncio.run(work)


def _filter(
    topic: list[str] | None,
    error: str | None,
    since: str | None,
    until: str | None,
    deployment: str | None,
) -> Filter:
    topics = tuple(topic or DEAD_LETTER_TOPICS)
    for name in topics:
        if not name.startswith("dlq.") or name == DLQ_ACTIONS:
            raise typer.BadParameter(f"{name!r} is not a dead-letter topic", param_hint="--topic")
    try:
        return Filter(
            topics=topics,
            error=error,
            since=parse_time(since) if since else None,
            until=parse_time(until) if until else None,
            deployment=deployment,
        )
    except ValueError as exc:
        raise typer.BadParameter(f"not a time or duration: {exc}") from None


def _kafka() -> dict[str, Any]:
    """Where Kafka is and how to reach it, from the settings."""
    settings = _Settings()
    return {"bootstrap": settings.kafka_bootstrap_servers, "security": settings.kafka_security}


@app.command("list")
def list_(
    topic: TopicOpt = None,
    error: ErrorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    deployment: DeploymentOpt = None,
    all_: Annotated[bool, typer.Option("--all", help="Also re-driven and discarded")] = False,
    limit: Annotated[int, typer.Option(help="Show the newest this many")] = 100,
) -> None:
    """Dead letters not yet re-driven or discarded (id, original topic, time, error)."""
    where = _filter(topic, error, since, until, deployment)
    found = sorted(_run(dlq.listing(where=where, handled=all_, **_kafka())), key=lambda f: f[0].at)
    total, found = len(found), found[-limit:] if limit > 0 else found
    table = Table("id", "original topic", "ce_id", "dead-lettered at", "error", "action")
    for column in table.columns[:4]:
        column.no_wrap = True
    table.columns[4].max_width, table.columns[4].overflow = 60, "fold"
    for record, action in found:
        table.add_row(
            record.id,
            record.original_topic,
            record.headers.get("ce_id", "-"),
            record.at.isoformat(timespec="seconds"),
            record.error,
            action["action"] if action else "-",
        )
    print_wide(table)
    console.print(
        f"{total} dead letter(s)"
        + (f", the newest {len(found)} shown" if total > len(found) else "")
    )


@app.command()
def show(record_id: Annotated[str, typer.Argument(help="An id as `list` shows it")]) -> None:
    """One dead letter: where it came from, its headers (the error among them) and its value."""
    record, action = _find(record_id)
    console.print(f"[bold]{record.id}[/]  from {record.original_topic}  at {record.at}")
    console.print(f"key: {record.key.decode(errors='replace') if record.key else '-'}")
    headers = Table("header", "value")
    for name, value in sorted(record.headers.items()):
        headers.add_row(name, value)
    console.print(headers)
    try:
        console.print_json(record.value.decode())
    except (ValueError, UnicodeDecodeError):
        console.print(repr(record.value))
    console.print(f"action: {json.dumps(action) if action else 'none yet'}")


def _find(record_id: str) -> tuple[DeadLetter, dict[str, Any] | None]:
    try:
        topic, _, _ = parse_id(record_id)
    except ValueError:
        raise typer.BadParameter("an id is <topic>:<partition>:<offset>") from None
    for record, action in _run(
        dlq.listing(where=Filter(topics=(topic,)), handled=True, **_kafka())
    ):
        if record.id == record_id:
            return record, action
    console.print(f"[red]no dead letter {record_id}[/]")
    raise typer.Exit(1)


def _select(ids: list[str] | None, matching: bool, again: bool, where: Filter) -> list[Any]:
    if not ids and not matching:
        raise typer.BadParameter("name the ids, or give --matching to act on every match")
    found = _run(dlq.listing(where=where, handled=again, **_kafka()))
    if not ids:
        return [record for record, _ in found]
    by_id = {record.id: record for record, _ in found}
    missing = [i for i in ids if i not in by_id]
    if missing:
        console.print(f"[red]not found, or acted on already (see --again): {', '.join(missing)}[/]")
        raise typer.Exit(1)
    return [by_id[i] for i in ids]


def _act(records: list[Any], action: str, reason: str) -> None:
    from shared.service import topic_policy  # the web stack loads only for this command

    policy = topic_policy(_Settings())
    done = _run(dlq.act(records=records, action=action, reason=reason, policy=policy, **_kafka()))
    for entry in done:
        where = f" -> {entry['republished']}" if "republished" in entry else ""
        console.print(f"{entry['dead_letter']} {action}{where} (ce_id {entry['ce_id']})")
    console.print(f"{len(done)} dead letter(s) {action}; recorded on {DLQ_ACTIONS}")


def _acting(action: str) -> Callable[..., None]:
    """The command that takes `action` on the dead letters named or matched."""

    def command(
        ids: IdsArg = None,
        topic: TopicOpt = None,
        error: ErrorOpt = None,
        since: SinceOpt = None,
        until: UntilOpt = None,
        deployment: DeploymentOpt = None,
        matching: MatchingOpt = False,
        again: AgainOpt = False,
        reason: Annotated[str, typer.Option(help="Why, for the record")] = "",
    ) -> None:
        where = _filter(topic, error, since, until, deployment)
        _act(_select(ids, matching, again, where), action, reason)

    return command


app.command(
    "redrive",
    help="Republish dead letters to their original topic with their original key and headers.",
)(_acting("redriven"))
app.command("discard", help="Mark dead letters as handled without republishing them.")(
    _acting("discarded")
)
