"""The pure agenda domain: events and their lifecycle, registrations, and wall-clock times.

One module per concept (the event aggregate, its registrations, council times); handlers
import the aggregate from `services.events.domain`.
"""

from .event import Event, EventStatus, InaugurationOutcome, OutcomeStatus, overlapping

__all__ = ["Event", "EventStatus", "InaugurationOutcome", "OutcomeStatus", "overlapping"]
