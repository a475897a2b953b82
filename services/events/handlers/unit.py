"""What the use cases answer with, and the steps they share (load-change-save with retries)."""

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from shared.aggregate import StaleRevision
from shared.auth import Caller

from ..domain import Event, overlapping
from ..domain.registrations import Registration
from ..ports import Agenda

T = TypeVar("T")
SAVE_ATTEMPTS = 8  # a save that lost to another process is retried afresh, after a pause
BACKOFF_S = 0.02  # the first pause; it doubles per attempt, jittered


@dataclass(frozen=True)
class Shown:
    """An event with the names of the members it lists (registered or attending)."""

    event: Event
    names: dict[str, str]


@dataclass(frozen=True)
class Planned(Shown):
    """An event as stored, with the live events it overlaps at the same venue (warnings)."""

    overlaps: list[Event]


@dataclass(frozen=True)
class Entry:
    """A registration with its member's name, when the member read model knows it."""

    registration: Registration
    names: dict[str, str]


async def visible(uow: Agenda, caller: Caller, event_id: str) -> Event:
    """One event, if within the caller's scope (404 otherwise)."""
    return caller.scoped(await uow.events.get(event_id), f"event {event_id}")


async def shown(uow: Agenda, event: Event) -> Shown:
    """The event with the names of the members registered for or attending it."""
    ids = [r.member_id for r in event.registrations] + list(event.attendee_ids)
    return Shown(event, await uow.views.names(ids))


async def with_overlaps(uow: Agenda, event: Event) -> Planned:
    """The event with its names and the live events it overlaps at the same venue.

    No venue, no overlap to warn of, and no query (it scans the collection on FerretDB)."""
    overlaps = overlapping(event, await uow.events.around(event)) if event.venue else []
    base = await shown(uow, event)
    return Planned(base.event, base.names, overlaps)


async def named(uow: Agenda, registration: Registration) -> Entry:
    """A registration with its member's name."""
    return Entry(registration, await uow.views.names([registration.member_id]))


async def change(
    uow: Agenda, caller: Caller, event_id: str, apply: Callable[[Event], T]
) -> tuple[Event, T]:
    """Load, check write access, change, save; a save that lost a race is retried afresh.

    Writers of one event take turns within this process (registrations and check-ins at the
    door come in bursts), so only another process can make a save stale: retry with backoff.
    """
    async with uow.events.changing(event_id):
        for attempt in range(SAVE_ATTEMPTS):
            event = await visible(uow, caller, event_id)
            caller.require_write(event.council)
            result = apply(event)
            try:
                await uow.events.save(event)
            except StaleRevision:
                if attempt + 1 == SAVE_ATTEMPTS:
                    raise
                await asyncio.sleep(BACKOFF_S * 2**attempt * random.uniform(0.5, 1.5))
                continue
            return event, result
    raise AssertionError("unreachable")
