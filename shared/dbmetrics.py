"""Database time per command and collection, as a Prometheus histogram.

Tells an operator which queries take the database's time (on FerretDB v1 most filters scan
the whole collection, so one query shape can dominate): `db_command_duration_seconds` by
command (`find`, `update`, `insert`, ...) and collection, measured from PyMongo's command
monitoring, i.e. as the service waited for them.
"""

from prometheus_client import Histogram
from pymongo import monitoring

DB_COMMAND_SECONDS = Histogram(
    "db_command_duration_seconds",
    "Time the service waited for database commands, by command and collection",
    ["command", "collection", "outcome"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
_UNNAMED = ""
_NOT_TIMED = {"hello", "ismaster", "isMaster", "ping", "endSessions", "saslStart", "saslContinue"}


class CommandTimer(monitoring.CommandListener):
    """Observes every command's duration; the collection comes from the command's first field."""

    def __init__(self) -> None:
        self._collections: dict[tuple[object, int], str] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in _NOT_TIMED:
            return
        target = event.command.get(event.command_name)
        name = target if isinstance(target, str) else _UNNAMED
        self._collections[(event.connection_id, event.request_id)] = name

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self._observe(event, "ok")

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._observe(event, "error")

    def _observe(
        self,
        event: monitoring.CommandSucceededEvent | monitoring.CommandFailedEvent,
        outcome: str,
    ) -> None:
        collection = self._collections.pop((event.connection_id, event.request_id), None)
        if collection is None:  # not timed, or started before the listener was there
            return
        DB_COMMAND_SECONDS.labels(event.command_name, collection, outcome).observe(
            event.duration_micros / 1e6
        )
