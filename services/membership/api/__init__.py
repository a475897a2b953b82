"""HTTP routes of the membership service: parse, call one use case, answer.

One module per resource; their order here is the order of the OpenAPI document.
"""

from shared.problems import api_router

from .. import exports, printing
from . import councils, members, terms

router = api_router()
router.include_router(exports.router)  # before /members/{member_id}, which would take "export"
router.include_router(printing.router)
router.include_router(councils.router)
router.include_router(members.router)
router.include_router(terms.router)
