"""KPIs of a work program: what they measure, their actual over time, and the checks they pass."""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final, Literal, get_args

from shared.aggregate import DomainError
from shared.contracts.base import Kpi as KpiContract

# What a KPI measures: the attendance of the program's concluded trainings and exhibitions,
# or a figure the secretariat records by hand.
KpiMeasure = Literal["attendance", "manual"]
KPI_MEASURES: tuple[KpiMeasure, ...] = get_args(KpiMeasure)
# Before KPIs stated their measure, the KPI keyed `participants` counted attendance.
LEGACY_ATTENDANCE_KEY: Final = "participants"
HISTORY_LIMIT: Final = 366  # points a KPI keeps of its history: daily changes for a year
_KPI_KEY = re.compile(r"^[a-z0-9_]{1,40}$")


@dataclass(frozen=True, kw_only=True)
class KpiPoint:
    """A KPI's actual as it became at an instant (UTC)."""

    at: datetime
    actual: float


@dataclass(kw_only=True)
class Kpi:
    """A key performance indicator: what a program promises (target) and has reached (actual).

    `history` holds each change of the actual, oldest first, bounded to the last
    `HISTORY_LIMIT` (366) points.
    """

    key: str
    name: str
    unit: str
    target: float
    actual: float = 0
    measure: KpiMeasure | None = None  # None: as the key implies (`implied_measure`)
    history: list[KpiPoint] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.measure = implied_measure(self.key, self.measure)

    @property
    def measured(self) -> KpiMeasure:
        """What the KPI measures: attendance of linked trainings and exhibitions, or manual."""
        return implied_measure(self.key, self.measure)

    @property
    def counts_attendance(self) -> bool:
        """Whether concluded trainings and exhibitions add their attendance to this KPI."""
        return self.measured == "attendance"

    @property
    def ratio(self) -> float | None:
        """Actual against target, or None when the target is zero (nothing to reach)."""
        return self.actual / self.target if self.target > 0 else None

    def set_actual(self, actual: float, *, at: datetime) -> None:
        """Set the actual; a change appends a point to the history (bounded, oldest go first)."""
        if actual != self.actual:
            self.actual = actual
            self.history = [*self.history, KpiPoint(at=at, actual=actual)][-HISTORY_LIMIT:]

    def to_contract(self) -> KpiContract:
        """The KPI as it travels on a topic."""
        return KpiContract(
            key=self.key, name=self.name, unit=self.unit, target=self.target, actual=self.actual
        )


def implied_measure(key: str, measure: KpiMeasure | None) -> KpiMeasure:
    """The measure given, else attendance for the legacy key `participants`, else manual."""
    if measure is not None:
        return measure
    return "attendance" if key == LEGACY_ATTENDANCE_KEY else "manual"


def checked_amount(value: float, *, field: str) -> float:
    """A KPI number after checking it is finite and not negative."""
    if isinstance(value, bool) or not math.isfinite(value) or value < 0:
        raise DomainError("must be a number of zero or more", field=field)
    return float(value)


def checked_kpis(kpis: Iterable[Kpi]) -> list[Kpi]:
    """Copies of the KPIs after checking their keys are well formed and unique."""
    seen: set[str] = set()
    result: list[Kpi] = []
    for index, kpi in enumerate(kpis):
        where = f"kpis[{index}]"
        if not _KPI_KEY.match(kpi.key):
            raise DomainError("a KPI key is 1-40 of a-z, 0-9 and _", field=f"{where}.key")
        if kpi.key in seen:
            raise DomainError(f"KPI key {kpi.key!r} is used twice", field=f"{where}.key")
        if not kpi.name.strip():
            raise DomainError("a KPI needs a name", field=f"{where}.name")
        if kpi.measure not in KPI_MEASURES:
            raise DomainError("a KPI measures attendance or manual", field=f"{where}.measure")
        checked_amount(kpi.target, field=f"{where}.target")
        checked_amount(kpi.actual, field=f"{where}.actual")
        seen.add(kpi.key)
        result.append(replace(kpi))
    return result


def carried_history(kpis: Iterable[Kpi], before: Iterable[Kpi], *, at: datetime) -> None:
    """Give planned KPIs the history of the KPI they replace (by key), plus a point if changed."""
    old = {kpi.key: kpi for kpi in before}
    for kpi in kpis:
        previous = old.get(kpi.key)
        actual, kpi.actual = kpi.actual, previous.actual if previous else 0
        kpi.history = list(previous.history) if previous else []
        kpi.set_actual(actual, at=at)


def checked_finals(kpis: Iterable[Kpi], finals: Mapping[str, float]) -> dict[str, float]:
    """Final KPI actuals after checking each names a KPI and is a number of zero or more."""
    known = {kpi.key for kpi in kpis}
    result: dict[str, float] = {}
    for key, value in finals.items():
        where = f"final_actuals.{key}"
        if key not in known:
            raise DomainError(f"the program has no KPI {key!r}", field=where)
        result[key] = checked_amount(value, field=where)
    return result
