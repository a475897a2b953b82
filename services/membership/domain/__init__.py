"""The pure membership domain: councils, members, board terms and the events they record.

One module per concept: councils; members and their fields (`details`); boards; terms, their
periods and their events (`term_events`); the trade intake; the business scale; shared value
checks. Handlers import everything from `services.membership.domain`.
"""

from .boards import BoardPosition, seat_board
from .councils import Council
from .details import EDITABLE, MemberChanges, MemberDetails
from .intake import apply_trade_registration
from .members import Member
from .periods import assert_no_overlap, inaugurated_term
from .scale import derive_scale
from .terms import Term, TermStatus

__all__ = [
    "EDITABLE",
    "BoardPosition",
    "Council",
    "Member",
    "MemberChanges",
    "MemberDetails",
    "Term",
    "TermStatus",
    "apply_trade_registration",
    "assert_no_overlap",
    "derive_scale",
    "inaugurated_term",
    "seat_board",
]
