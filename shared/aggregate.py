"""The pure base of every aggregate: an id, a revision, and the events it recorded."""

from dataclasses import dataclass, field

from shared.contracts.base import Event


class DomainError(Exception):
    """A rule of the domain was broken; `field` names the input at fault, if one is."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """The thing asked for does not exist (or lies outside the caller's scope)."""

    status = 404


class Conflict(DomainError):
    """The request clashes with the current state (duplicate, overlap, wrong status)."""

    status = 409


class StaleRevision(Conflict):
    """Someone saved the aggregate meanwhile; loading it again and retrying will do."""


class Forbidden(DomainError):
    """The caller may not do this (role, or a council outside the scope)."""

    status = 403


@dataclass(kw_only=True)
class Aggregate:
    """An aggregate records the events its changes cause; the repository stores both at once.

    `revision` is the stored version the aggregate was loaded at (0 for a new one); the
    repository saves only if nobody saved in between (optimistic concurrency).
    """

    id: str
    revision: int = 0
    pending: list[Event] = field(default_factory=list, repr=False, compare=False)

    def record(self, event: Event) -> None:
        """Remember an event to publish once this change is stored."""
        self.pending.append(event)
