"""HTTP schemas of the membership API: `XCreate`, `XUpdate`, `XPublic`, one module per resource."""

from .councils import CouncilCreate, CouncilPublic, CouncilUpdate
from .members import MemberCreate, MemberPublic, MemberUpdate, PendingChangePublic
from .terms import (
    InaugurationRecord,
    PositionFields,
    PositionPublic,
    PositionsReplace,
    TermCreate,
    TermPublic,
)

__all__ = [
    "CouncilCreate",
    "CouncilPublic",
    "CouncilUpdate",
    "InaugurationRecord",
    "MemberCreate",
    "MemberPublic",
    "MemberUpdate",
    "PendingChangePublic",
    "PositionFields",
    "PositionPublic",
    "PositionsReplace",
    "TermCreate",
    "TermPublic",
]
