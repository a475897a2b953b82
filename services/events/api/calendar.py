"""The HTTP route of a council's calendar feed (`calendar.ics`, read with a bearer or a key)."""

from fastapi import Response

from shared.problems import api_router

from ..deps import UowDep
from ..feedkeys.access import FeedReaderDep
from ..handlers import calendars

ICS = "text/calendar; charset=utf-8"
router = api_router()


@router.get(
    "/councils/{code}/calendar.ics",
    tags=["calendar"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "RFC 5545 calendar"}},
)
async def council_calendar(code: str, caller: FeedReaderDep, uow: UowDep) -> Response:
    """The council's agenda as an iCalendar file (stable UIDs, SEQUENCE, the council's TZID).

    Calendar apps subscribe with `?key=` (a feed key of this council) instead of a bearer.
    """
    ics = await calendars.council_calendar(uow, caller=caller, code=code)
    headers = {"Content-Disposition": f'inline; filename="dekranasda-{code}.ics"'}
    return Response(content=ics, media_type=ICS, headers=headers)
