"""The use case of a council's calendar feed (`calendar.ics`)."""

from shared.aggregate import NotFound
from shared.auth import Caller
from shared.regions import is_known, region_name, time_zone_of

from ..calendar import build_calendar
from ..ports import Agenda


async def council_calendar(uow: Agenda, *, caller: Caller, code: str) -> bytes:
    """The council's agenda as an iCalendar file in the council's time zone."""
    caller.visible(code, "council")
    name = region_name(code) if is_known(code) else None
    if name is None:
        raise NotFound(f"council {code} not found")
    events = await uow.events.of_council(code)
    return build_calendar(
        council=code, name=name, time_zone=time_zone_of(code), events=events, now=uow.clock()
    )
