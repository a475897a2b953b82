"""Councils (Dekranasda): one per region, its id the Kemendagri code; no topic carries them."""

from dataclasses import dataclass, field
from datetime import datetime

from shared.aggregate import Aggregate
from shared.clock import as_utc
from shared.regions import Level, level_of, parent_of, region_name, time_zone_of

from . import values


@dataclass(kw_only=True)
class Council(Aggregate):
    """A Dekranasda of one region; its id is the Kemendagri code. No topic carries councils."""

    name: str
    level: Level
    parent: str | None
    time_zone: str
    bidang: list[str] = field(default_factory=list)  # each council sets its own
    created_at: datetime

    @property
    def code(self) -> str:
        """The Kemendagri region code (`17`, `33.75`, `ID`)."""
        return self.id

    @classmethod
    def create(cls, code: str, *, now: datetime, bidang: list[str] | None = None) -> "Council":
        """A council from its code alone; name, level, parent and zone follow from the code."""
        code = values.known_council(code, field="code")
        return cls(
            id=code,
            name=region_name(code) or code,
            level=level_of(code),
            parent=parent_of(code),
            time_zone=time_zone_of(code),
            bidang=values.distinct(bidang or [], field="bidang"),
            created_at=as_utc(now, field="now"),
        )

    def set_bidang(self, bidang: list[str]) -> bool:
        """Replace the council's bidang list; returns whether it changed."""
        cleaned = values.distinct(bidang, field="bidang")
        if cleaned == self.bidang:
            return False
        self.bidang = cleaned
        return True
