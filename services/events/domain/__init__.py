"""The pure agenda domain: events and their lifecycle, registrations, and wall-clock times.

One module per concept: the event aggregate (`event`), what a plan must hold (`plans`), the
contract events it records (`published`), its registrations, membership's answers per term
(`outcomes`), venue overlaps and council times; handlers import from `services.events.domain`.
"""

from .event import Event, EventStatus
from .outcomes import InaugurationOutcome, OutcomeStatus
from .overlaps import overlapping

__all__ = ["Event", "EventStatus", "InaugurationOutcome", "OutcomeStatus", "overlapping"]
