"""What programs keeps of other services' data, built from their topics and rebuilt by replay."""

from dataclasses import dataclass
from datetime import date
from typing import Literal

TermStatus = Literal["inaugurated", "ended"]


@dataclass(frozen=True, kw_only=True)
class TermView:
    """A board term (kepengurusan) as programs knows it: only inaugurated terms reach us."""

    term_id: str
    council: str
    status: TermStatus
    period_start: date
    period_end: date
    bidang: tuple[str, ...] | None = None  # the council's bidang; None when not told

    @property
    def is_inaugurated(self) -> bool:
        """Whether the term is the council's sitting board."""
        return self.status == "inaugurated"
