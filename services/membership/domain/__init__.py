"""The pure membership domain: councils, members, board terms and the events they record.

One module per concept (councils, members, boards, terms, the trade intake, the business scale,
shared value checks); handlers import everything from `services.membership.domain`.
"""

from .boards import BoardPosition, seat_board
from .councils import Council
from .intake import apply_trade_registration
from .members import EDITABLE, Member, MemberChanges, MemberDetails
from .scale import derive_scale
from .terms import Term, TermStatus, assert_no_overlap, inaugurated_term

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
