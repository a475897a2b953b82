"""HTTP routes of the events service: parse, call one use case, answer.

One module per group (`events`, `registrations`, `calendar`), beside the attendance documents
(`exports`, `printing`); the order here is the order of the OpenAPI document.
"""

from shared.problems import api_router

from .. import exports, printing
from . import calendar, events, registrations

router = api_router()
for part in (exports, printing, events, registrations, calendar):
    router.include_router(part.router)
