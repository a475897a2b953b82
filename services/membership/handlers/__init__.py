"""Use cases of the membership service: load, call the domain, save (events ride along).

One module per resource; the entry points (`api`, `consumers`) call them from here.
"""

from ..ports import Membership
from .councils import create_council, get_council, list_councils, set_bidang
from .inauguration import conclude_inauguration, inaugurate_term
from .intake import ingest_trade_registration
from .members import (
    decide_pending_change,
    export_members,
    get_member,
    list_members,
    register_member,
    update_member,
)
from .terms import draft_term, get_term, list_terms, seat_board

__all__ = [
    "Membership",
    "conclude_inauguration",
    "create_council",
    "decide_pending_change",
    "draft_term",
    "export_members",
    "get_council",
    "get_member",
    "get_term",
    "inaugurate_term",
    "ingest_trade_registration",
    "list_councils",
    "list_members",
    "list_terms",
    "register_member",
    "seat_board",
    "set_bidang",
    "update_member",
]
