"""HTTP schemas of the events API: request bodies, and `XPublic` responses by subject."""

from .bodies import (
    CAPACITY_MAX,
    CheckIn,
    EventCancel,
    EventConclude,
    EventCreate,
    EventReschedule,
    MemberRef,
)
from .events import EventDetail, EventPlanned, EventPublic, InaugurationOutcomePublic, VenueOverlap
from .registrations import Attendee, RegistrationCancelled, RegistrationPublic

__all__ = [
    "CAPACITY_MAX",
    "Attendee",
    "CheckIn",
    "EventCancel",
    "EventConclude",
    "EventCreate",
    "EventDetail",
    "EventPlanned",
    "EventPublic",
    "EventReschedule",
    "InaugurationOutcomePublic",
    "MemberRef",
    "RegistrationCancelled",
    "RegistrationPublic",
    "VenueOverlap",
]
