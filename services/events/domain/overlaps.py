"""Venue overlaps: other live events of the council at the same place and time (warnings)."""

from .event import Event


def same_venue(a: str | None, b: str | None) -> bool:
    """Whether two venue names mean the same place, ignoring case and spacing."""
    if not a or not b:
        return False
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def overlapping(event: Event, others: list[Event]) -> list[Event]:
    """The other live events of the council at the same venue whose times intersect."""
    return [
        other
        for other in others
        if other.id != event.id
        and other.status != "cancelled"
        and other.council == event.council
        and same_venue(other.venue, event.venue)
        and other.starts_at < event.ends_at
        and event.starts_at < other.ends_at
    ]
