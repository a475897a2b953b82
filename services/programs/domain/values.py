"""The value types of a work program besides KPIs: budget lines, amendments, plan checks."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Final, Literal, get_args

from shared.aggregate import DomainError
from shared.contracts.events import BudgetLine as BudgetLineContract
from shared.contracts.events import ProgramCategory

FundingSource = Literal["APBD", "APBN", "CSR", "sponsor", "self_funded", "other"]
FUNDING_SOURCES: tuple[FundingSource, ...] = get_args(FundingSource)


class Keep(Enum):
    """Marks an argument that was not given, where None is a real value (clear the field)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


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


def checked_bidang(bidang: str | None, council_bidang: Iterable[str] | None) -> str | None:
    """The bidang in the council's spelling; refused when the council's bidang say no."""
    allowed = list(council_bidang or ())
    if bidang is None or not allowed:
        return bidang  # no bidang named, or the council's bidang are not known here
    by_key = {name.casefold(): name for name in allowed}
    if bidang.casefold() not in by_key:
        raise DomainError(
            f"bidang {bidang!r} is not one of the council's bidang: {', '.join(allowed)}",
            field="bidang",
        )
    return by_key[bidang.casefold()]


def clean(text: str | None) -> str | None:
    """Optional free text, trimmed; blank becomes None."""
    return (text.strip() or None) if text is not None else None
