"""The public API on Kafka: the CloudEvents envelope and every topic's payload."""

from shared.contracts.base import Event, Kpi, Position
from shared.contracts.envelope import Envelope
from shared.contracts.events import (
    CONTRACTS,
    EventCancelled,
    EventConcluded,
    EventRescheduled,
    EventScheduled,
    MemberRegistered,
    MemberUpdated,
    ProgramApproved,
    ProgramCompleted,
    TermCreated,
    TermEnded,
    TermInaugurated,
    TermInaugurationRefused,
    TradeUkmRegistered,
    UkmEnrolled,
    UkmEvaluated,
)

__all__ = [
    "CONTRACTS",
    "Envelope",
    "Event",
    "EventCancelled",
    "EventConcluded",
    "EventRescheduled",
    "EventScheduled",
    "Kpi",
    "MemberRegistered",
    "MemberUpdated",
    "Position",
    "ProgramApproved",
    "ProgramCompleted",
    "TermCreated",
    "TermEnded",
    "TermInaugurated",
    "TermInaugurationRefused",
    "TradeUkmRegistered",
    "UkmEnrolled",
    "UkmEvaluated",
]
