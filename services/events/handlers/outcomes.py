"""The use case of membership's answers to an inauguration (from its topics)."""

from ..domain import InaugurationOutcome
from ..ports import Agenda


async def record_inauguration_outcome(
    uow: Agenda, *, event_id: str, outcome: InaugurationOutcome
) -> None:
    """Keep membership's answer for a term on the inauguration event, if this agenda has it."""
    event = await uow.events.get(event_id)
    if event is not None and event.record_outcome(outcome):
        await uow.events.save(event)  # publishes nothing: the calendar entry is unchanged
