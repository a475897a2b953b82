"""The value types of a work program: KPIs, budget lines, and the checks they must pass."""

import math
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Final, Literal, get_args

from shared.aggregate import DomainError
from shared.contracts.base import Kpi as KpiContract
from shared.contracts.events import BudgetLine as BudgetLineContract
from shared.contracts.events import ProgramCategory

FundingSource = Literal["APBD", "APBN", "CSR", "sponsor", "self_funded", "other"]
FUNDING_SOURCES: tuple[FundingSource, ...] = get_args(FundingSource)
# What a KPI measures: the attendance of the program's concluded trainings and exhibitions,
# or a figure the secretariat records by hand.
KpiMeasure = Literal["attendance", "manual"]
KPI_MEASURES: tuple[KpiMeasure, ...] = get_args(KpiMeasure)
# Before KPIs stated their measure, the KPI keyed `participants` counted attendance.
LEGACY_ATTENDANCE_KEY: Final = "participants"
HISTORY_LIMIT: Final = 366  # points a KPI keeps of its history: daily changes for a year
_KPI_KEY = re.compile(r"^[a-z0-9_]{1,40}$")


class Keep(Enum):
    """Marks an argument that was not given, where None is a real value (clear the field)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


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


@dataclass(frozen=True, kw_only=True)
class Amendment:
    """A correction or withdrawal of a record: when, by whom, why, and the fields' old values."""

    kind: Literal["correction", "withdrawal"]
    at: datetime
    by: str
    reason: str
    previous: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class BudgetLine:
    """An amount in whole rupiah from one funding source (APBD is the regional budget)."""

    source: FundingSource
    amount: int
    note: str | None = None

    def to_contract(self) -> BudgetLineContract:
        """The budget line as it travels on a topic."""
        return BudgetLineContract(source=self.source, amount=self.amount, note=self.note)


def new_id() -> str:
    """A fresh aggregate id."""
    return uuid.uuid4().hex


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


def checked_budget(lines: Iterable[BudgetLine]) -> list[BudgetLine]:
    """The budget lines after checking each source is known and each amount whole rupiah >= 0."""
    result: list[BudgetLine] = []
    for index, line in enumerate(lines):
        where = f"budget[{index}]"
        if line.source not in FUNDING_SOURCES:
            raise DomainError(f"unknown funding source {line.source!r}", field=f"{where}.source")
        amount: object = line.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise DomainError("an amount is whole rupiah, zero or more", field=f"{where}.amount")
        result.append(line)
    return result


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


def checked_title(title: str) -> str:
    """A program title, trimmed; an empty one is refused."""
    if not title.strip():
        raise DomainError("a program needs a title", field="title")
    return title.strip()


def checked_category(category: ProgramCategory) -> ProgramCategory:
    """A program category after checking it is one the contract knows."""
    if category not in get_args(ProgramCategory):
        raise DomainError(f"unknown category {category!r}", field="category")
    return category


def check_dates(start: date | None, end: date | None) -> None:
    """Refuse a planned end before the planned start."""
    if start is not None and end is not None and end < start:
        raise DomainError("the planned end comes before the planned start", field="planned_end")


def checked_bidang(bidang: str | None, divisions: Iterable[str] | None) -> str | None:
    """The bidang in the council's spelling; refused when the council's divisions say no."""
    allowed = list(divisions or ())
    if bidang is None or not allowed:
        return bidang  # no division named, or the council's divisions are not known here
    by_key = {name.casefold(): name for name in allowed}
    if bidang.casefold() not in by_key:
        raise DomainError(
            f"bidang {bidang!r} is not one of the council's divisions: {', '.join(allowed)}",
            field="bidang",
        )
    return by_key[bidang.casefold()]


def clean(text: str | None) -> str | None:
    """Optional free text, trimmed; blank becomes None."""
    return (text.strip() or None) if text is not None else None
